// Small progressive enhancements; every page works without them.
(function () {
  'use strict';

  // Print buttons.
  document.querySelectorAll('[data-print]').forEach(function (button) {
    button.addEventListener('click', function () { window.print(); });
  });

  // A form that moves money or creates something is sent once: its submit buttons are disabled after the first click.
  document.querySelectorAll('form[data-submit-once]').forEach(function (form) {
    form.addEventListener('submit', function () {
      form.querySelectorAll('button[type=submit]').forEach(function (b) { b.disabled = true; });
    });
  });

  // The account finder shows the chosen biller's account number format.
  document.querySelectorAll('select[data-format-target]').forEach(function (select) {
    var target = document.getElementById(select.getAttribute('data-format-target'));
    var input = document.getElementById(select.getAttribute('data-example-target'));
    function update() {
      var option = select.options[select.selectedIndex];
      if (!option || !target) { return; }
      target.textContent = option.getAttribute('data-format') || '';
      if (input) { input.setAttribute('placeholder', option.getAttribute('data-example') || ''); }
    }
    select.addEventListener('change', update);
    update();
  });
})();
