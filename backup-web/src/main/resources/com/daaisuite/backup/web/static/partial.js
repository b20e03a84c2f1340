/*
 * "Only some data" in the restore dialog: pick collections of the backup, or bring back what was deleted
 * from one collection since the backup; preview the counts, type the workspace name, restore. Kept beside
 * app.js, not inside it: it adds its own part to the dialog app.js opens (watching the dialog) and uses
 * app.js's API calls (window.DaaiBackups). Every value from the server goes in with textContent.
 */
(function () {
  'use strict';

  var shared = null;
  var file = null;
  var previewed = null; // the choice the shown preview is for; the restore button needs it to be the current one
  var running = false;
  var whole = {}; // how app.js left the whole restore's parts when it opened the dialog, to put them back

  function $(id) { return document.getElementById(id); }

  // app.js's element builder (textContent only), so both files build the page one way.
  function el(tag, attrs, children) { return shared.el(tag, attrs, children); }

  function radio(name, value, text, checked) {
    var input = el('input', { type: 'radio', name: name, value: value, id: name + '-' + value });
    input.checked = !!checked;
    return el('label', { 'for': name + '-' + value, 'class': 'choice' }, [input, ' ' + text]);
  }

  /** The part this file adds to the restore dialog, once: the scope choice, and the "Only some data" panel. */
  function build() {
    var form = $('restore-form');
    var scope = el('fieldset', { id: 'restore-scope', 'class': 'scope' }, [
      el('legend', { text: 'What to restore' }),
      radio('scope', 'whole', 'Everything: the whole workspace', true),
      radio('scope', 'some', 'Only some data', false)
    ]);
    var panel = el('div', { id: 'partial', 'class': 'partial', hidden: '' }, [
      el('fieldset', { id: 'partial-kind', 'class': 'scope' }, [
        el('legend', { 'class': 'sr-only', text: 'Which data' }),
        radio('partial-kind', 'collections', 'Pick collections: each becomes exactly what it was in this backup', true),
        radio('partial-kind', 'deleted', 'Only the documents deleted since this backup, from one collection', false)
      ]),
      el('div', { id: 'partial-collections', 'class': 'picks', role: 'group', 'aria-label': 'Collections of this backup' }),
      el('div', { id: 'partial-deleted', hidden: '' }, [
        el('label', { 'for': 'deleted-collection', text: 'Bring back what was deleted from ' }),
        el('select', { id: 'deleted-collection' }),
        el('span', { text: ' since this backup' })
      ]),
      el('p', { id: 'partial-loading', 'class': 'muted', text: '' }),
      el('button', { type: 'button', id: 'partial-preview', text: 'Preview' }),
      el('p', { id: 'partial-summary', role: 'status', 'aria-live': 'polite' }),
      el('table', { id: 'partial-table', 'class': 'partial-table', hidden: '' }, [el('thead'), el('tbody')]),
      el('p', { id: 'partial-warning', 'class': 'danger-box', hidden: '' }),
      el('div', { id: 'partial-confirm', hidden: '' }, [
        el('label', { 'for': 'partial-name' }, ['To confirm, type the workspace name ', el('strong', { id: 'partial-workspace' })]),
        el('input', { id: 'partial-name', type: 'text', autocomplete: 'off', autocapitalize: 'off', spellcheck: 'false' })
      ]),
      el('ol', { id: 'partial-phases', 'class': 'phases', hidden: '' }, [
        el('li', { 'data-phase': 'starting', text: 'Starting' }),
        el('li', { 'data-phase': 'safety_backup', text: 'Taking the safety backup of the current data' }),
        el('li', { 'data-phase': 'restoring', text: 'Restoring the chosen data' })
      ]),
      el('div', { id: 'partial-result', role: 'status', 'aria-live': 'polite' }),
      el('div', { 'class': 'buttons' }, [el('button', { type: 'button', id: 'partial-submit', 'class': 'danger', disabled: '' })])
    ]);
    var facts = form.querySelector('dl.facts');
    facts.parentNode.insertBefore(scope, facts.nextSibling);
    form.insertBefore(panel, form.querySelector('.buttons'));
    Array.prototype.forEach.call(document.querySelectorAll('input[name=scope]'), function (r) { r.addEventListener('change', showScope); });
    Array.prototype.forEach.call(document.querySelectorAll('input[name=partial-kind]'), function (r) {
      r.addEventListener('change', function () { showKind(); changed(); });
    });
    $('deleted-collection').addEventListener('change', changed);
    $('partial-collections').addEventListener('change', changed);
    $('partial-preview').addEventListener('click', preview);
    $('partial-name').addEventListener('input', enable);
    $('origin-accept').addEventListener('change', enable);
    $('partial-name').addEventListener('keydown', function (e) {
      if (e.key === 'Enter') { e.preventDefault(); if (!$('partial-submit').disabled) { submit(); } }
    });
    $('partial-submit').addEventListener('click', submit);
  }

  function some() { return $('scope-some').checked; }
  function kind() { return $('partial-kind-deleted').checked ? 'deleted' : 'collections'; }

  function picked() {
    return Array.prototype.filter.call(document.querySelectorAll('#partial-collections input.pick'), function (c) { return c.checked; })
      .map(function (c) { return c.value; });
  }

  /** The current choice, as the request body of its preview (and, with the typed name, of its restore). */
  function choice() {
    return kind() === 'deleted' ? { file: file, collection: $('deleted-collection').value } : { file: file, collections: picked() };
  }

  function same(a, b) { return a !== null && b !== null && JSON.stringify(a) === JSON.stringify(b); }

  /** Whole restore or only some data: the dialog shows the parts of one of them. */
  function showScope() {
    var partial = some();
    $('partial').hidden = !partial;
    Object.keys(whole).forEach(function (id) { $(id).hidden = partial || whole[id]; });
    // A partial safety backup: the server's sentence says why only "Only some data" is offered.
    if ($('restore-dialog').getAttribute('data-only')) { $('restore-warning').hidden = false; }
    if (partial) { load(); }
  }

  function showKind() {
    var deleted = kind() === 'deleted';
    $('partial-collections').hidden = deleted;
    $('partial-deleted').hidden = !deleted;
  }

  /** Any change of the choice invalidates the preview: the restore button needs a preview of exactly what it restores. */
  function changed() {
    previewed = null;
    $('partial-summary').textContent = '';
    $('partial-summary').className = '';
    $('partial-table').hidden = true;
    $('partial-warning').hidden = true;
    $('partial-confirm').hidden = true;
    var c = choice();
    $('partial-preview').disabled = kind() === 'collections' ? c.collections.length === 0 : !c.collection;
    $('partial-submit').textContent = kind() === 'deleted' ? 'Bring back what was deleted from ' + (c.collection || '\u2026')
      : 'Restore ' + c.collections.length + (c.collections.length === 1 ? ' collection' : ' collections');
    enable();
  }

  function enable() {
    var origin = !$('origin-accept-label').hidden;
    $('partial-submit').disabled = running || !same(previewed, choice()) || $('partial-name').value !== $('partial-workspace').textContent
      || (origin && !$('origin-accept').checked);
  }

  /** The backup's collections, asked for once per dialog. */
  function load() {
    var box = $('partial-collections');
    if (box.getAttribute('data-file') === file) { return; }
    box.textContent = '';
    $('deleted-collection').textContent = '';
    $('partial-loading').textContent = 'Reading the backup\u2019s collections\u2026';
    shared.api('GET', 'restore-contents?file=' + encodeURIComponent(file)).then(function (r) {
      $('partial-loading').textContent = '';
      $('partial-workspace').textContent = r.workspaceName;
      box.setAttribute('data-file', file);
      r.collections.forEach(function (c) {
        var id = 'pick-' + box.children.length;
        var input = el('input', { type: 'checkbox', 'class': 'pick', id: id, value: c.name });
        box.appendChild(el('label', { 'for': id, 'class': 'choice', 'data-collection': c.name }, [input, ' ' + c.name + ' ',
          el('span', { 'class': 'muted', text: '(' + c.documents.toLocaleString() + (c.documents === 1 ? ' document)' : ' documents)') })]));
        $('deleted-collection').appendChild(el('option', { value: c.name, text: c.name }));
      });
      changed();
    }).catch(function (e) {
      $('partial-loading').textContent = e.message;
      $('partial-loading').className = 'error-text';
    });
  }

  function preview() {
    var c = choice();
    var k = kind();
    $('partial-summary').textContent = 'Comparing the backup with the current data\u2026';
    $('partial-summary').className = '';
    $('partial-preview').disabled = true;
    shared.api('POST', 'restore-preview/' + k, c).then(function (p) {
      if (!same(c, choice())) { return; }
      $('partial-summary').textContent = p.summary;
      if (k === 'collections') { table(p.collections); }
      $('partial-warning').textContent = k === 'collections' ? p.warning
        : 'The current data is saved first as a safety backup. Only the missing documents are written.';
      // Replacing collections loses what was added since: red. Putting deleted documents back loses nothing.
      $('partial-warning').className = k === 'collections' ? 'danger-box' : 'info-box';
      $('partial-warning').hidden = false;
      var nothing = k === 'deleted' && p.bringBack === 0;
      $('partial-confirm').hidden = nothing;
      previewed = nothing ? null : c;
      $('partial-name').value = '';
      if (!nothing) { $('partial-name').focus(); }
      enable();
    }).catch(function (e) {
      $('partial-summary').textContent = e.message;
      $('partial-summary').className = 'error-text';
    }).then(function () { $('partial-preview').disabled = false; });
  }

  function table(rows) {
    var t = $('partial-table');
    t.tHead.textContent = '';
    t.tHead.appendChild(el('tr', {}, ['Collection', 'Brought back', 'Replaced', 'Lost', 'Unchanged']
      .map(function (h) { return el('th', { scope: 'col', text: h }); })));
    var body = t.tBodies[0];
    body.textContent = '';
    rows.forEach(function (r) {
      body.appendChild(el('tr', { 'data-collection': r.name }, [
        el('th', { scope: 'row', text: r.name }),
        el('td', { 'class': 'num bring-back', text: r.bringBack.toLocaleString() }),
        el('td', { 'class': 'num replace', text: r.replace.toLocaleString() }),
        el('td', { 'class': 'num lose', text: r.lose.toLocaleString() }),
        el('td', { 'class': 'num same', text: r.same.toLocaleString() })
      ]));
    });
    t.hidden = false;
  }

  var STEP = { starting: 0, safety_backup: 1, workspace_unavailable: 1, restoring: 2 };

  function showPhase(phase, failedAt) {
    var at = phase === 'failed' ? STEP[failedAt] : STEP[phase];
    if (at === undefined) { at = 0; }
    Array.prototype.forEach.call($('partial-phases').children, function (li, i) {
      li.removeAttribute('aria-current');
      if (phase === 'finished') { li.className = 'done'; return; }
      if (phase === 'failed') { li.className = i < at ? 'done' : i === at ? 'failed' : 'not-reached'; return; }
      li.className = i < at ? 'done' : '';
      if (i === at) { li.setAttribute('aria-current', 'step'); }
    });
  }

  function lock(on) {
    running = on;
    Array.prototype.forEach.call(document.querySelectorAll('#restore-form input, #restore-form select, #partial-preview'),
      function (x) { x.disabled = on; });
    $('restore-cancel').disabled = on;
    enable();
  }

  function submit() {
    if ($('partial-submit').disabled) { return; }
    var k = kind();
    var body = choice();
    body.typedName = $('partial-name').value;
    if (!$('origin-accept-label').hidden) { body.acceptUnverifiedOrigin = $('origin-accept').checked; }
    lock(true);
    $('partial-phases').hidden = false;
    showPhase('starting');
    var result = $('partial-result');
    result.textContent = 'Restoring\u2026 keep this page open.';
    shared.api('POST', 'restores/' + k, body).then(function (r) {
      return shared.poll(r.jobId, function (job) { if (job.phase) { showPhase(job.phase, job.failedAt); } });
    }).then(function (job) {
      if (job.state === 'failed') {
        showPhase('failed', job.failedAt);
        throw Object.assign(new Error(job.error.message), { changed: job.changed });
      }
      showPhase('finished');
      var r = job.result;
      result.textContent = '';
      result.appendChild(el('p', { 'class': 'ok', id: 'partial-done', text: r.scope === 'deleted'
        ? 'Brought back ' + r.documents.toLocaleString() + (r.documents === 1 ? ' document' : ' documents') + ' into ' + r.collection
          + ' from ' + r.restoredFrom + '. No other document was changed.'
        : 'Restored ' + r.collections.join(', ') + ' from ' + r.restoredFrom + ' (' + r.documents.toLocaleString()
          + ' documents). Every other collection was left as it was.' }));
      result.appendChild(el('p', { text: 'The data from before the restore was saved first as the safety backup ' }, [
        el('code', { id: 'partial-safety', text: r.safetyBackup }), '.']));
      return shared.refresh(r.safetyBackup);
    }).catch(function (e) {
      result.textContent = '';
      var box = el('div', { 'class': 'failed-box', role: 'alert', id: 'partial-failed' }, [
        el('p', { 'class': 'failed-title', text: 'The restore failed.' }), el('p', { text: e.message })]);
      if (e.changed) { box.appendChild(el('p', { 'class': 'changed', text: e.changed })); }
      result.appendChild(box);
    }).then(function () {
      lock(false);
      previewed = null;
      $('partial-submit').hidden = true;
      $('partial-confirm').hidden = true;
      $('partial-preview').hidden = true;
      $('restore-scope').hidden = true;
      $('restore-cancel').textContent = 'Close';
      $('restore-cancel').focus();
    });
  }

  /** app.js opened the dialog for a backup: start with the whole restore, and offer "Only some data" when it may run. */
  function opened() {
    file = $('r-file').textContent;
    running = false;
    previewed = null;
    $('scope-whole').checked = true;
    $('partial-kind-collections').checked = true;
    whole = {};
    ['restore-warning', 'restore-confirm', 'restore-submit'].forEach(function (id) { whole[id] = $(id).hidden; });
    $('restore-scope').hidden = whole['restore-submit']; // no key, or a refused archive: nothing can be restored
    Array.prototype.forEach.call(document.querySelectorAll('#restore-scope input, #partial input, #partial select'),
      function (x) { x.disabled = false; });
    // The safety backup of a partial restore holds only some collections: it cannot replace the whole workspace.
    if ($('restore-dialog').getAttribute('data-only')) {
      $('scope-some').checked = true;
      $('scope-whole').disabled = true;
    }
    $('partial-collections').removeAttribute('data-file');
    $('partial-submit').hidden = false;
    $('partial-preview').hidden = false;
    $('partial-phases').hidden = true;
    $('partial-result').textContent = '';
    $('partial-name').value = '';
    $('partial-loading').textContent = '';
    $('partial-loading').className = 'muted';
    showKind();
    showScope();
    changed();
  }

  document.addEventListener('DOMContentLoaded', function () {
    shared = window.DaaiBackups;
    var d = $('restore-dialog');
    if (!d || !shared) { return; }
    build();
    new MutationObserver(function () { if (d.open) { opened(); } }).observe(d, { attributes: true, attributeFilter: ['open'] });
  });
})();
