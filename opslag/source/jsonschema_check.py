"""Schema validation with the `jsonschema` library, reported as located diagnostics.

A clean run pays only for fastjsonschema's compiled yes/no; jsonschema (a third of a second to
import) is imported only when a file is rejected and its errors must be located and explained.
fastjsonschema's generated code is kept in the user's cache, keyed by the schema's hash, so a
fresh `check` does not generate it again (it is the same code for the same schema: deterministic)."""

from __future__ import annotations

import hashlib
import json
import marshal
import os
import sys
from functools import lru_cache
from pathlib import Path

import fastjsonschema

from opslag.source.diagnostics import Diagnostic
from opslag.source.registry import L, suggestion
from opslag.source.schema import DATE

_REFERENCE_FIELDS = {
    "labels",
    "pogi_goals",
    "eu_gpp_groups",
    "reason",
    "environmental_impact",
    "contract_types",
    "vehicle_categories",
}


@lru_cache(maxsize=32)
def _validator(schema_json: str):
    from jsonschema import Draft7Validator  # only when a file was rejected

    return Draft7Validator(json.loads(schema_json))


def _cache_folder() -> Path:
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "opslag"


_NAMES = ".format(**locals())"  # how fastjsonschema's generated code names the value it checks
_LEAN = "lean names 1"  # a change in how the generated code is altered makes a new cache file


@lru_cache(maxsize=32)
def _fast_check(schema_json: str):
    """The same schema compiled to Python by fastjsonschema: a quick yes/no for the common,
    valid case. Only files it rejects go through jsonschema for the detailed, located errors.
    The cache holds the compiled code object (marshal, keyed by the interpreter's version too):
    compiling the generated source was a tenth of a cold `check`."""
    key = hashlib.sha256((fastjsonschema.VERSION + _LEAN + schema_json).encode()).hexdigest()[:32]
    cached = _cache_folder() / f"schema-{key}-{sys.implementation.cache_tag}.marshal"
    try:
        code = marshal.loads(cached.read_bytes())
    except (OSError, ValueError, EOFError, TypeError):
        source = fastjsonschema.compile_to_code(
            json.loads(schema_json), formats={"date": DATE}, detailed_exceptions=False
        )
        # Only its yes or no is used (a rejected file is explained by jsonschema), so the names it
        # would put in its messages are left unformatted: formatting them at every nested object
        # (with all the function's locals) was two thirds of its time on a valid file.
        source = source.replace(_NAMES, "")
        code = compile(source, f"<fastjsonschema {key}>", "exec")
        try:  # a cache that cannot be written costs only the time saved
            cached.parent.mkdir(parents=True, exist_ok=True)
            temporary = cached.with_suffix(f".{os.getpid()}.tmp")
            temporary.write_bytes(marshal.dumps(code))
            os.replace(temporary, cached)
        except OSError:
            pass
    names: dict = {}
    exec(code, names)  # noqa: S102 - fastjsonschema's own generated code
    return names["validate"]


def _schema_key(schema: dict) -> str:
    """The schema as canonical JSON, made once per schema object, not once per file."""
    held = _KEYS.get(id(schema))
    if held is None or held[0] is not schema:
        held = _KEYS[id(schema)] = (schema, json.dumps(schema, sort_keys=True))
    return held[1]


_KEYS: dict = {}


def _shown(src, path, value) -> str:
    text = src.texts.get(path)
    text = text if text is not None else json.dumps(value, ensure_ascii=False)
    return text if len(text) <= 80 else text[:79] + "…"


def _type_name(value):
    if value is None:
        return L("intet (null)", "nothing (null)")
    return {
        bool: L("true/false", "true/false"),
        int: L("et tal", "a number"),
        float: L("et tal", "a number"),
        str: L("tekst", "text"),
        list: L("en liste", "a list"),
        dict: L("et kort", "a mapping"),
    }.get(type(value), type(value).__name__)


_EXPECTED = {
    "string": L("tekst", "text"),
    "integer": L("et helt tal", "a whole number"),
    "array": L("en liste (linjer, der begynder med '- ')", "a list (lines starting with '- ')"),
    "object": L("et kort med felter", "a mapping of fields"),
    "boolean": L("true eller false", "true or false"),
    "number": L("et tal", "a number"),
}
_LIMITS = {
    "minItems": L("listen skal have mindst", "the list needs at least"),
    "maxItems": L("listen må højst have", "the list allows at most"),
    "minLength": L("teksten må ikke være tom; den skal have mindst", "the text must not be empty; needs at least"),
    "minimum": L("den mindste tilladte værdi er", "the smallest allowed is"),
    "maximum": L("den største tilladte værdi er", "the largest allowed is"),
}


def schema_diagnostics(src, schema: dict) -> list[Diagnostic]:
    """Every schema violation in one loaded file, each at its line and column."""
    key = _schema_key(schema)
    try:
        _fast_check(key)(src.data)
        return []
    except fastjsonschema.JsonSchemaException:
        pass
    validator = _validator(key)
    out = []
    for error in validator.iter_errors(src.data):
        path = tuple(error.absolute_path)
        kind = error.validator
        value = error.instance
        desc = error.schema.get("description", "")
        if kind == "additionalProperties":
            allowed = list(error.schema.get("properties", {}))
            for key in sorted(k for k in value if k not in allowed):
                full = path + (key,)
                out.append(
                    _diag(
                        src,
                        src.position(full),
                        "S101",
                        full,
                        key=key,
                        hint=suggestion(key, allowed),
                        allowed=", ".join(allowed),
                    )
                )
        elif kind == "required":
            for key in [k for k in error.validator_value if k not in value]:
                out.append(_diag(src, src.position(path), "S102", path + (key,), key=key))
        elif kind == "type":
            expected = _EXPECTED.get(error.validator_value, error.validator_value)
            hint = ""
            if error.validator_value == "string" and path in src.texts and value is not None:
                hint = L(f' Sæt den i citationstegn: "{src.texts[path]}".', f' Put it in quotes: "{src.texts[path]}".')
            elif value is None:
                hint = L(" Skriv en værdi efter kolonet.", " Write a value after the colon.")
            out.append(
                _diag(
                    src,
                    src.value_position(path),
                    "S103",
                    path,
                    expected=expected,
                    got=_type_name(value),
                    shown=_shown(src, path, value),
                    hint=hint,
                )
            )
        elif kind == "enum":
            allowed = error.validator_value
            field = next((p for p in reversed(path) if isinstance(p, str)), "")
            code = "R204" if field in _REFERENCE_FIELDS else "S104"
            out.append(
                _diag(
                    src,
                    src.value_position(path),
                    code,
                    path,
                    shown=_shown(src, path, value),
                    hint=suggestion(value, allowed),
                    allowed=", ".join(str(a) for a in allowed),
                )
            )
        elif kind == "pattern" and error.validator_value.startswith("^https://"):
            out.append(_diag(src, src.value_position(path), "S107", path, value=value))
        elif kind == "pattern":
            out.append(_diag(src, src.value_position(path), "S105", path, value=value, description=desc))
        elif kind in ("minimum", "maximum", "minItems", "maxItems", "minLength"):
            out.append(
                _diag(
                    src,
                    src.value_position(path),
                    "S106",
                    path,
                    limit_text=_LIMITS[kind],
                    limit=error.validator_value,
                    description=desc,
                )
            )
        else:  # a keyword this mapping does not know yet: still reported, never dropped
            out.append(_diag(src, src.value_position(path), "S104", path, "other", detail=error.message))
    return out


def _diag(src, position, code, path, variant="", **fields) -> Diagnostic:
    return Diagnostic.of(src.file, position, code, path, variant, **fields)
