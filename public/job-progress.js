// Follows a background job on /taches/:id: polls its JSON progress and updates the page in place.
(function () {
  var panel = document.querySelector('[data-job-progress]');
  if (!panel) return;
  var url = panel.getAttribute('data-job-progress');
  var field = function (name) { return panel.querySelector('[data-field="' + name + '"]'); };
  var bar = panel.querySelector('progress');
  var lastMessage = '';
  function show(p) {
    field('statusLabel').textContent = p.statusLabel;
    bar.value = p.progress;
    bar.textContent = p.progress + ' %';
    var message = p.progress + ' %' + (p.message ? ' — ' + p.message : '');
    // Only a changed text is written, so that screen readers announce steps and not every poll.
    if (message !== lastMessage) { field('message').textContent = message; lastMessage = message; }
    if (p.error) { field('error').textContent = 'Erreur : ' + p.error; field('error').hidden = false; }
    if (p.downloadUrl) { field('download').querySelector('a').href = p.downloadUrl; field('download').hidden = false; }
    var done = p.status === 'succeeded' || p.status === 'failed';
    if (done && field('refresh')) field('refresh').hidden = true;
    return done;
  }
  function poll() {
    fetch(url, { headers: { accept: 'application/json' }, credentials: 'same-origin' })
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (p) { if (!p || !show(p)) setTimeout(poll, 1500); })
      .catch(function () { setTimeout(poll, 5000); });
  }
  setTimeout(poll, 1000);
})();
