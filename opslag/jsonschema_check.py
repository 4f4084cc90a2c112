"""Schema validation with the `jsonschema` library, reported as located diagnostics."""
from __future__ import annotations

import difflib
from functools import lru_cache
import json

import fastjsonschema
from jsonschema import Draft7Validator

from .diagnostics import Diagnostic, path_text

_REFERENCE_FIELDS = {"labels", "pogi_goals"}


@lru_cache(maxsize=32)
def _validator(schema_json: str) -> Draft7Validator:
    return Draft7Validator(json.loads(schema_json))


@lru_cache(maxsize=32)
def _fast_check(schema_json: str):
    """The same schema compiled to Python by fastjsonschema: a quick yes/no for the common,
    valid case. Only files it rejects go through jsonschema for the detailed, located errors."""
    return fastjsonschema.compile(json.loads(schema_json), formats={"date": r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$"})


def _suggest(word, choices) -> str:
    close = difflib.get_close_matches(str(word), [str(c) for c in choices], n=1, cutoff=0.6)
    return f" Did you mean '{close[0]}'?" if close else ""


def _shown(src, path, value) -> str:
    text = src.texts.get(path)
    text = text if text is not None else json.dumps(value, ensure_ascii=False)
    return text if len(text) <= 80 else text[:79] + "…"


def _type_name(value) -> str:
    if value is None:
        return "nothing (null)"
    return {bool: "true/false", int: "a number", float: "a number", str: "text", list: "a list",
            dict: "a mapping"}.get(type(value), type(value).__name__)


_EXPECTED = {"string": "text", "integer": "a whole number", "array": "a list (lines starting with '- ')",
             "object": "a mapping of fields", "boolean": "true or false", "number": "a number"}


def schema_diagnostics(src, schema: dict) -> list[Diagnostic]:
    """Every schema violation in one loaded file, each at its line and column."""
    key = json.dumps(schema, sort_keys=True)
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
                out.append(_diag(src, src.position(full), "S101",
                                 f"unknown field '{key}'.{_suggest(key, allowed)} Allowed here: {', '.join(allowed)}.",
                                 full))
        elif kind == "required":
            for key in [k for k in error.validator_value if k not in value]:
                out.append(_diag(src, src.position(path), "S102",
                                 f"missing field '{key}'; add it (see docs/datamodel.md).", path + (key,)))
        elif kind == "type":
            expected = _EXPECTED.get(error.validator_value, error.validator_value)
            hint = ""
            if error.validator_value == "string" and path in src.texts and value is not None:
                hint = f" Put it in quotes: \"{src.texts[path]}\"."
            elif value is None:
                hint = " Write a value after the colon."
            out.append(_diag(src, src.value_position(path), "S103",
                             f"expected {expected}, got {_type_name(value)} {_shown(src, path, value)}.{hint}", path))
        elif kind == "enum":
            allowed = error.validator_value
            field = next((p for p in reversed(path) if isinstance(p, str)), "")
            code = "R204" if field in _REFERENCE_FIELDS else "S104"
            what = "unknown reference" if code == "R204" else "value not allowed"
            out.append(_diag(src, src.value_position(path), code,
                             f"{what}: {_shown(src, path, value)}.{_suggest(value, allowed)} "
                             f"Allowed: {', '.join(str(a) for a in allowed)}.", path))
        elif kind == "pattern" and error.validator_value.startswith("^https://"):
            out.append(_diag(src, src.value_position(path), "S107",
                             f"'{value}' is not an https:// address; use the https:// form of the link.", path))
        elif kind == "pattern":
            out.append(_diag(src, src.value_position(path), "S105",
                             f"'{value}' has the wrong format. {desc}".rstrip(), path))
        elif kind in ("minimum", "maximum", "minItems", "maxItems", "minLength"):
            what = {"minItems": "the list needs at least", "maxItems": "the list allows at most",
                    "minLength": "the text must not be empty; needs at least", "minimum": "the smallest allowed is",
                    "maximum": "the largest allowed is"}[kind]
            out.append(_diag(src, src.value_position(path), "S106",
                             f"{what} {error.validator_value}. {desc}".rstrip(), path))
        else:  # a keyword this mapping does not know yet: still reported, never dropped
            out.append(_diag(src, src.value_position(path), "S104", error.message, path))
    return out


def _diag(src, position, code, message, path) -> Diagnostic:
    return Diagnostic(src.file, position[0], position[1], code, message, path_text(path))
