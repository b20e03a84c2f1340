/*
 * Database Backups screen. Plain JavaScript, no build step, nothing loaded from elsewhere. Every value
 * from the server is inserted with textContent, never as HTML. URLs are relative to the page, so the
 * screen works wherever the host mounts it.
 */
(function () {
  'use strict';

  var POLL_MS = 500;
  var POLL_GIVE_UP_MS = 6 * 60 * 60 * 1000;
  var PAGE = 200;
  var state = { session: null, workspaceName: '', restoreFile: null, origin: 'verified', busy: false, keyMissing: false,
    offset: 0, order: 'newest', label: '' };
  var LABELS = ['manual', 'pre-restore', '24-hour', 'daily', '3-day', '7-day', '15-day', 'monthly'];
  var NETWORK = 'The server could not be reached. Check your connection, then try again.';

  function $(id) { return document.getElementById(id); }

  function el(tag, attrs, children) {
    var e = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) {
      if (k === 'class') { e.className = attrs[k]; } else if (k === 'text') { e.textContent = attrs[k]; } else { e.setAttribute(k, attrs[k]); }
    });
    (children || []).forEach(function (c) { if (c) { e.appendChild(typeof c === 'string' ? document.createTextNode(c) : c); } });
    return e;
  }

  function api(method, path, body) {
    var opts = { method: method, headers: { 'Accept': 'application/json' }, credentials: 'same-origin' };
    if (method === 'POST') {
      opts.headers['Content-Type'] = 'application/json';
      opts.headers['X-CSRF-Token'] = state.session ? state.session.csrfToken : '';
      opts.body = JSON.stringify(body || {});
    }
    return fetch('api/' + path, opts).catch(function () {
      // The browser's own words ("Failed to fetch") mean nothing to an administrator.
      var e = new Error(NETWORK);
      e.code = 'network';
      throw e;
    }).then(function (r) {
      return r.json().catch(function () { return {}; }).then(function (json) {
        if (!r.ok) {
          var err = new Error(json.error && json.error.message ? json.error.message : 'The server answered ' + r.status + '.');
          err.code = json.error ? json.error.code : 'http_' + r.status;
          err.status = r.status;
          throw err;
        }
        return json;
      });
    });
  }

  function showError(e) {
    var box = $('error');
    box.textContent = e ? e.message : '';
    box.hidden = !e;
  }

  // ------------------------------------------------------------------ icons

  function lockIcon(closed) {
    var ns = 'http://www.w3.org/2000/svg';
    var svg = document.createElementNS(ns, 'svg');
    svg.setAttribute('viewBox', '0 0 24 24');
    svg.setAttribute('aria-hidden', 'true');
    svg.setAttribute('focusable', 'false');
    var body = document.createElementNS(ns, 'rect');
    body.setAttribute('x', '4'); body.setAttribute('y', '10'); body.setAttribute('width', '16'); body.setAttribute('height', '11');
    body.setAttribute('rx', '2'); body.setAttribute('fill', 'currentColor');
    var shackle = document.createElementNS(ns, 'path');
    shackle.setAttribute('d', closed ? 'M8 10V7a4 4 0 0 1 8 0v3' : 'M8 10V7a4 4 0 0 1 7.7-1.5');
    shackle.setAttribute('fill', 'none'); shackle.setAttribute('stroke', 'currentColor'); shackle.setAttribute('stroke-width', '2.2');
    svg.appendChild(shackle); svg.appendChild(body);
    return svg;
  }

  function lockCell(encrypted, warning, origin) {
    var lock = el('span', { 'class': 'lock ' + (encrypted ? 'closed' : 'open'), 'data-encrypted': String(encrypted),
      title: encrypted ? '' : (warning || '') }, [lockIcon(encrypted), encrypted ? 'Encrypted' : 'Not encrypted']);
    var wrap = el('div', {}, [lock]);
    if (origin === 'needs_override') {
      wrap.appendChild(el('span', { 'class': 'origin-badge', 'data-origin': origin,
        text: 'Unexpected: made after encryption began. Check before restoring.' }));
    }
    return wrap;
  }

  /**
   * File names break only after "_" and before the extension, which stays whole (".gz.enc", never
   * ".gz." and "enc"): each piece is one unbreakable span, with a break opportunity between them.
   */
  function fileName(name) {
    var span = el('span', {});
    var ext = /(\.gz\.enc|\.gz)$/.exec(name);
    var stem = ext ? name.slice(0, name.length - ext[0].length) : name;
    var parts = stem.split('_');
    parts.forEach(function (part, i) {
      var last = i === parts.length - 1;
      var text = last ? part : part + '_';
      if (text) { span.appendChild(el('span', { 'class': 'seg', text: text })); }
      if (!last || ext) { span.appendChild(document.createElement('wbr')); }
    });
    if (ext) { span.appendChild(el('span', { 'class': 'seg', text: ext[0] })); }
    return span;
  }

  // ------------------------------------------------------------------ session, status, list

  function loadSession() {
    return api('GET', 'session').then(function (s) {
      state.session = s;
      state.workspaceName = s.workspace.name;
      $('workspace').textContent = s.workspace.name + ' \u00b7 signed in as ' + s.user.name;
      $('backup-form').hidden = !s.permissions.create;
      $('actions-header').hidden = !s.permissions.restore;
      var missing = [];
      if (!s.permissions.create) { missing.push('start a backup'); }
      if (!s.permissions.restore) { missing.push('restore one'); }
      $('viewer-note').hidden = missing.length === 0 || !s.permissions.view;
      $('viewer-note').textContent = 'You can see the backups of this workspace, but you may not ' + missing.join(' or ')
        + ': your role does not include it. Ask a workspace administrator if you need to.';
      if (!s.permissions.view) {
        var e = new Error('You may not see the backups of this workspace. Ask a workspace administrator for access.');
        e.code = 'permission_denied';
        throw e;
      }
    });
  }

  function banner(kind, title, text) {
    return el('div', { 'class': 'banner ' + kind, role: kind === 'key' || kind === 'quota-over' ? 'alert' : 'status', 'data-banner': kind },
      [el('strong', { text: title }), text ? el('span', { text: text }) : null]);
  }

  function loadStatus() {
    return api('GET', 'status').then(function (s) {
      var b = $('banners');
      Array.prototype.slice.call(b.children).forEach(function (c) { if (c.getAttribute('data-banner') !== 'storage') { b.removeChild(c); } });
      state.keyMissing = !s.key.configured;
      if (state.keyMissing) {
        // One sentence for administrators; the operators' instructions are in the server log.
        b.appendChild(banner('key', s.key.problem, ''));
      }
      $('backup-now').disabled = state.keyMissing || state.busy;
      $('note').disabled = state.keyMissing;
      $('empty-backup-now').disabled = state.keyMissing;
      markRestoreButtons();
      if (!s.subscription.active) {
        b.appendChild(banner('suspended', 'The subscription is suspended: no new backups are taken.',
          'Existing backups are kept. Reactivate the subscription to resume backups.'));
      }
      if (s.quota.state === 'near') {
        b.appendChild(banner('quota-near', 'Backup storage is nearly full: ' + s.quota.headroom + ' left.',
          'The next backups may be refused. Delete old manual backups or raise the quota.'));
      } else if (s.quota.state === 'over') {
        b.appendChild(banner('quota-over', 'Backup storage is full: new backups will be refused.',
          'Delete old manual backups or raise the quota.'));
      }
      if (s.lastFailure && !state.keyMissing) {
        b.appendChild(banner('failure', 'The last backup failed.', s.lastFailure));
      }
      $('schedule').textContent = 'Automatic backups: ' + s.schedule.frequency + ' \u00b7 next run ' + s.schedule.nextRun
        + ' \u00b7 times in ' + s.schedule.zone;
      // The last restore drill, in the server's own sentence: passed or failed, and when.
      var drill = $('drill');
      drill.textContent = s.lastDrill ? s.lastDrill.sentence : '';
      drill.className = 'drill ' + (s.lastDrill ? (s.lastDrill.passed ? 'passed' : 'failed') : '');
      drill.hidden = !s.lastDrill;
    }, function (e) {
      // The status needs the storage too: one red banner says it, not a second box with the same words.
      if (e.code !== 'storage_unavailable') { throw e; }
      storageBanner(e);
    });
  }

  function row(s) {
    var canRestore = state.session && state.session.permissions.restore;
    var label = el('span', { 'class': 'label ' + s.label, text: s.label });
    var freq = el('td', { 'data-label': 'Frequency', 'class': 'frequency' }, [label]);
    if (s.pinned) { freq.appendChild(el('span', { 'class': 'pinned', title: 'Pinned: retention never deletes it', text: 'Pinned' })); }
    if (s.kept) { freq.appendChild(el('span', { 'class': 'kept', text: s.kept })); }
    if (s.proven) { freq.appendChild(el('span', { 'class': 'proven', 'data-at': s.provenRestorableAt, text: s.proven })); }
    if (s.onlyCollections) { freq.appendChild(el('span', { 'class': 'only', text: 'Holds only: ' + s.onlyCollections.join(', ') })); }
    var tr = el('tr', { 'data-file': s.file, 'data-label': s.label }, [
      el('td', { 'data-label': 'Date / Time', 'class': 'when' }, [el('time', { datetime: s.createdAt, text: s.when })]),
      freq,
      el('td', { 'data-label': 'Size', 'class': 'size', title: s.sizeBytes + ' bytes', text: s.size }),
      el('td', { 'data-label': 'Encrypted', 'class': 'encrypted' }, [lockCell(s.encrypted, s.warning, s.origin)]),
      el('td', { 'data-label': 'File', 'class': 'file' }, [fileName(s.file)]),
      el('td', { 'data-label': 'Note', 'class': 'note', text: s.note || '' })
    ]);
    if (canRestore) {
      var btn = el('button', { type: 'button', 'class': 'restore', 'aria-label': 'Restore ' + s.file, text: 'Restore',
        'data-encrypted': String(s.encrypted) });
      btn.addEventListener('click', function () { openRestore(s.file, btn); });
      tr.appendChild(el('td', { 'class': 'actions' }, [btn]));
    }
    return tr;
  }

  /** Without the key an encrypted backup cannot be read: its Restore button says so instead of failing at the end. */
  function markRestoreButtons() {
    Array.prototype.forEach.call(document.querySelectorAll('button.restore'), function (btn) {
      var blocked = state.keyMissing && btn.getAttribute('data-encrypted') === 'true';
      btn.disabled = blocked;
      btn.title = blocked ? 'Backups are paused: the encryption key is not configured on the server.' : '';
    });
  }

  function storageBanner(e) {
    var b = $('banners');
    var old = b.querySelector('[data-banner=storage]');
    if (old) { b.removeChild(old); }
    if (e) { b.insertBefore(banner('storage', 'The backup storage cannot be read.', e.message), b.firstChild); }
  }

  function loadSnapshots(highlight) {
    var q = 'snapshots?offset=' + state.offset + '&limit=' + PAGE + '&order=' + state.order
      + (state.label ? '&label=' + encodeURIComponent(state.label) : '');
    return api('GET', q).then(function (list) {
      storageBanner(null);
      var body = $('rows');
      body.textContent = '';
      var plaintext = false;
      list.snapshots.forEach(function (s) {
        var tr = row(s);
        if (highlight && s.file === highlight) { tr.className = 'fresh'; }
        if (!s.encrypted) { plaintext = true; }
        body.appendChild(tr);
      });
      markRestoreButtons();
      var empty = list.total === 0;
      $('loading').hidden = true;
      $('snapshots').hidden = empty;
      $('list-controls').hidden = empty;
      $('plaintext-note').hidden = !plaintext;
      $('empty').hidden = !empty;
      $('empty-backup-now').hidden = !(empty && state.session.permissions.create);
      $('first-run').textContent = empty ? list.firstAutomatedBackup : '';
      var first = list.matching === 0 ? 0 : list.offset + 1;
      var last = list.offset + list.snapshots.length;
      $('page-info').textContent = list.matching === list.total
        ? 'Showing ' + first + '\u2013' + last + ' of ' + list.total
        : 'Showing ' + first + '\u2013' + last + ' of ' + list.matching + ' (' + list.total + ' in all)';
      $('pager').hidden = list.matching <= PAGE;
      $('page-prev').disabled = list.offset === 0;
      $('page-next').disabled = last >= list.matching;
    }, function (e) {
      if (e.code !== 'storage_unavailable') { throw e; }
      // Never the empty state: an unreadable storage is not a workspace without backups.
      $('loading').hidden = true;
      $('empty').hidden = true;
      $('snapshots').hidden = true;
      $('list-controls').hidden = true;
      $('pager').hidden = true;
      storageBanner(e);
    });
  }

  // ------------------------------------------------------------------ jobs

  function poll(jobId, onUpdate) {
    var started = Date.now();
    return new Promise(function (resolve, reject) {
      function tick() {
        api('GET', 'jobs/' + encodeURIComponent(jobId)).then(function (job) {
          onUpdate(job);
          if (job.state === 'succeeded' || job.state === 'failed') { resolve(job); return; }
          if (Date.now() - started > POLL_GIVE_UP_MS) { reject(new Error('Still running after hours; reload the page later to see the outcome.')); return; }
          setTimeout(tick, POLL_MS);
        }, reject);
      }
      tick();
    });
  }

  function backupNow(ev) {
    if (ev) { ev.preventDefault(); }
    if (state.busy) { return; }
    state.busy = true;
    showError(null);
    var button = $('backup-now');
    button.disabled = true;
    var box = $('job');
    box.hidden = false;
    box.textContent = 'Backup started\u2026';
    api('POST', 'backups', { note: $('note').value }).then(function (r) {
      return poll(r.jobId, function (job) {
        if (job.state === 'running' || job.state === 'queued') {
          box.textContent = (job.joined ? job.joinedMessage + ' ' : '') + 'Backing up\u2026 '
            + job.documents.toLocaleString() + ' documents so far';
        }
      });
    }).then(function (job) {
      if (job.state === 'failed') { throw Object.assign(new Error(job.error.message), { code: job.error.code }); }
      box.textContent = job.joined ? job.joinedMessage + ' It is complete: ' + job.snapshot.file + ' (' + job.snapshot.size + ').'
        : 'Backup complete: ' + job.snapshot.file + ' (' + job.snapshot.size + ').';
      box.setAttribute('data-joined', String(!!job.joined));
      $('note').value = '';
      state.offset = 0;
      return Promise.all([loadSnapshots(job.snapshot.file), loadStatus()]);
    }).catch(function (e) {
      box.hidden = true;
      showError(e);
    }).then(function () {
      state.busy = false;
      button.disabled = state.keyMissing;
    });
  }

  // ------------------------------------------------------------------ restore dialog

  var lastFocus = null;

  function openRestore(file, opener) {
    lastFocus = opener;
    showError(null);
    api('GET', 'restore-preview?file=' + encodeURIComponent(file)).then(function (p) {
      state.restoreFile = p.file;
      // A partial safety backup: partial.js offers "Only some data" alone, limited to what it holds.
      $('restore-dialog').setAttribute('data-only', p.onlyCollections ? JSON.stringify(p.onlyCollections) : '');
      $('r-file').textContent = p.file;
      $('r-when').textContent = p.when;
      $('r-label').textContent = p.label;
      $('r-size').textContent = p.size;
      var enc = $('r-encrypted');
      enc.textContent = '';
      enc.appendChild(lockCell(p.encrypted, p.warning, p.origin));
      $('r-note').textContent = p.note || '';
      $('r-note').hidden = !p.note;
      $('r-note-label').hidden = !p.note;
      $('key-note').textContent = p.keyNote || '';
      $('key-note').hidden = !p.keyMissing;
      $('restore-warning').textContent = p.destructiveWarning;
      $('r-workspace').textContent = p.workspaceName;
      // Plaintext archives: say how far their origin can be proven; a suspicious one needs an explicit acceptance.
      state.origin = p.origin || 'verified';
      $('origin').hidden = state.origin === 'verified';
      $('origin-note').textContent = p.originNote || '';
      $('origin-accept').checked = false;
      $('origin-accept').disabled = false;
      $('origin-accept-label').hidden = state.origin !== 'needs_override';
      $('confirm-name').value = '';
      $('confirm-name').disabled = false;
      $('restore-confirm').hidden = !!p.keyMissing;
      $('restore-submit').disabled = true;
      $('restore-submit').hidden = state.origin === 'refused' || !!p.keyMissing;
      $('restore-cancel').textContent = 'Cancel';
      $('restore-cancel').disabled = false;
      $('phases').hidden = true;
      $('restore-result').textContent = '';
      $('restored-docs').textContent = '';
      Array.prototype.forEach.call($('phases').children, function (li) { li.className = ''; li.removeAttribute('aria-current'); });
      $('restore-dialog').showModal();
      if (p.keyMissing) { $('restore-cancel').focus(); } else { $('confirm-name').focus(); }
    }).catch(showError);
  }

  function closeRestore() {
    var d = $('restore-dialog');
    if (d.open) { d.close(); }
    if (lastFocus && document.body.contains(lastFocus)) { lastFocus.focus(); return; }
    // The list was redrawn after a restore: focus the same row's button, never nothing (the <body>).
    var again = state.restoreFile && document.querySelector('#rows tr[data-file="' + CSS.escape(state.restoreFile) + '"] button.restore');
    if (again) { again.focus(); } else { $('title').focus(); }
  }

  /** The server's phases, by the step of the list that shows them. */
  var STEP = { starting: 0, safety_backup: 0, workspace_unavailable: 1, restoring: 2 };

  function showPhase(phase, failedAt) {
    var at = phase === 'failed' ? STEP[failedAt] : STEP[phase];
    if (at === undefined) { at = 0; }
    Array.prototype.forEach.call($('phases').children, function (li, i) {
      li.removeAttribute('aria-current');
      if (phase === 'finished') { li.className = 'done'; return; }
      if (phase === 'failed') {
        // Failure looks like failure: steps before it done, the failed one red, the rest never reached.
        li.className = i < at ? 'done' : i === at ? 'failed' : 'not-reached';
        return;
      }
      li.className = i < at ? 'done' : '';
      if (i === at) { li.setAttribute('aria-current', 'step'); }
    });
  }

  function canRestore() {
    // Exact match only: letter case and spaces count, as the server checks.
    return $('confirm-name').value === state.workspaceName && state.origin !== 'refused'
      && (state.origin !== 'needs_override' || $('origin-accept').checked);
  }

  function submitRestore() {
    var typed = $('confirm-name').value;
    if (!canRestore()) { return; }
    $('restore-submit').disabled = true;
    $('confirm-name').disabled = true;
    $('origin-accept').disabled = true;
    $('restore-cancel').disabled = true;
    $('phases').hidden = false;
    $('job').hidden = true;
    showPhase('starting');
    var result = $('restore-result');
    result.textContent = 'Restoring\u2026 keep this page open.';
    var body = { file: state.restoreFile, typedName: typed };
    if (state.origin === 'needs_override') { body.acceptUnverifiedOrigin = $('origin-accept').checked; }
    api('POST', 'restores', body).then(function (r) {
      return poll(r.jobId, function (job) {
        if (job.documents > 0) { $('restored-docs').textContent = ': ' + job.documents.toLocaleString() + ' documents loaded so far'; }
        if (job.phase) { showPhase(job.phase, job.failedAt); }
      });
    }).then(function (job) {
      if (job.state === 'failed') {
        showPhase('failed', job.failedAt);
        throw Object.assign(new Error(job.error.message), { code: job.error.code, changed: job.changed, failedAt: job.failedAt });
      }
      showPhase('finished');
      result.textContent = '';
      result.appendChild(el('p', { 'class': 'ok', text: 'Restore complete: ' + job.result.documents.toLocaleString()
        + ' documents restored from ' + job.result.restoredFrom + '.' }));
      result.appendChild(el('p', { text: 'The data from before the restore was saved first as the safety backup ' }, [
        el('code', { id: 'safety-backup', text: job.result.safetyBackup }), '.']));
      return Promise.all([loadSnapshots(job.result.safetyBackup), loadStatus()]);
    }).catch(function (e) {
      result.textContent = '';
      var li = e.failedAt !== undefined ? $('phases').children[STEP[e.failedAt] || 0] : null;
      var box = el('div', { 'class': 'failed-box', role: 'alert', id: 'restore-failed' }, [
        el('p', { 'class': 'failed-title', text: 'The restore failed' + (li ? ' at the step \u201c' + li.firstChild.textContent + '\u201d.' : '.') }),
        el('p', { text: e.message })]);
      if (e.changed) { box.appendChild(el('p', { 'class': 'changed', text: e.changed })); }
      result.appendChild(box);
    }).then(function () {
      $('restore-submit').hidden = true;
      $('restore-confirm').hidden = true;
      $('restore-cancel').textContent = 'Close';
      $('restore-cancel').disabled = false;
      $('restore-cancel').focus();
    });
  }

  // ------------------------------------------------------------------ for partial.js ("Only some data")

  /** What the restore dialog's "Only some data" (partial.js) shares with this file: its API calls and the list's refresh. */
  window.DaaiBackups = {
    api: api,
    poll: poll,
    el: el,
    refresh: function (highlight) { return Promise.all([loadSnapshots(highlight), loadStatus()]); }
  };

  // ------------------------------------------------------------------ wiring

  document.addEventListener('DOMContentLoaded', function () {
    $('backup-form').addEventListener('submit', backupNow);
    $('empty-backup-now').addEventListener('click', function () { $('note').focus(); backupNow(); });
    $('confirm-name').addEventListener('input', function () { $('restore-submit').disabled = !canRestore(); });
    $('origin-accept').addEventListener('change', function () { $('restore-submit').disabled = !canRestore(); });
    $('confirm-name').addEventListener('keydown', function (e) {
      if (e.key === 'Enter') { e.preventDefault(); if (!$('restore-submit').disabled) { submitRestore(); } }
    });
    $('restore-submit').addEventListener('click', submitRestore);
    LABELS.forEach(function (l) { $('label-filter').appendChild(el('option', { value: l, text: l })); });
    function reload() { showError(null); loadSnapshots().catch(showError); }
    $('order').addEventListener('change', function () { state.order = $('order').value; state.offset = 0; reload(); });
    $('label-filter').addEventListener('change', function () { state.label = $('label-filter').value; state.offset = 0; reload(); });
    $('page-prev').addEventListener('click', function () { state.offset = Math.max(0, state.offset - PAGE); reload(); });
    $('page-next').addEventListener('click', function () { state.offset += PAGE; reload(); });
    $('restore-cancel').addEventListener('click', closeRestore);
    $('restore-dialog').addEventListener('cancel', function (e) {
      if ($('restore-cancel').disabled) { e.preventDefault(); }
    });
    loadSession().then(function () { return Promise.all([loadStatus(), loadSnapshots()]); }).catch(function (e) {
      $('loading').hidden = true;
      showError(e);
    });
  });
})();
