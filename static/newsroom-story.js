// Live preview for the story editor: posts the Markdown to /newsroom/stories/preview a moment
// after typing stops and shows the sanitized HTML the server returns. Without this script the
// form's Preview button does the same with a page load.
(function () {
  'use strict';
  var source = document.querySelector('textarea[data-preview]');
  if (!source || !window.fetch) return;
  var target = document.getElementById(source.getAttribute('data-preview'));
  var form = source.form;
  var csrf = form && form.querySelector('input[name="csrf"]');
  if (!target || !csrf) return;
  var timer = null;
  var sent = 0;
  function refresh() {
    var ticket = ++sent;
    var body = new URLSearchParams();
    body.set('csrf', csrf.value);
    body.set('markdown', source.value);
    fetch('/newsroom/stories/preview', {
      method: 'POST',
      credentials: 'same-origin',
      headers: {'Content-Type': 'application/x-www-form-urlencoded', 'X-CSRF-Token': csrf.value},
      body: body.toString()
    }).then(function (response) {
      if (!response.ok) throw new Error('preview ' + response.status);
      return response.text();
    }).then(function (html) {
      // Only the newest answer is shown; the server sanitized it with the publishing allow-list.
      if (ticket === sent) target.innerHTML = html;
    }).catch(function () { /* The Preview button still works. */ });
  }
  source.addEventListener('input', function () {
    clearTimeout(timer);
    timer = setTimeout(refresh, 400);
  });
  // A story opened for editing shows its text rendered beside the Markdown straight away,
  // not only after the first keystroke (the server renders it only for the Preview button).
  if (source.value.trim() && !target.innerHTML.trim()) refresh();
})();
