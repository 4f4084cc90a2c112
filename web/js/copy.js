/* "Kopiér kravtekst": puts a criterion's tender text (its hidden <pre>) on the clipboard. */
(function () {
  "use strict";

  function initCopy(root) {
    root.querySelectorAll("button.gpp-copy").forEach(function (button) {
      if (button.dataset.ready) return;
      button.dataset.ready = "1";
      button.addEventListener("click", function () {
        var source = document.getElementById(button.dataset.copy);
        var status = button.parentNode.querySelector(".gpp-copy-status");
        var text = source ? source.textContent : "";
        function done(ok) { if (status) status.textContent = ok ? button.dataset.done : button.dataset.failed; }
        if (navigator.clipboard && window.isSecureContext) {
          navigator.clipboard.writeText(text).then(function () { done(true); }, function () { done(false); });
        } else {
          var area = document.createElement("textarea");
          area.value = text; area.setAttribute("readonly", ""); area.style.position = "fixed"; area.style.opacity = "0";
          document.body.appendChild(area); area.select();
          var ok = false; try { ok = document.execCommand("copy"); } catch (_e) { ok = false; }
          document.body.removeChild(area); done(ok);
        }
      });
    });
  }

  window.gpp.feature("copy", initCopy);
})();
