/*
 * Database Backups screen. Plain JavaScript, no build step, nothing loaded from elsewhere. Every value
 * from the server is inserted with textContent, never as HTML. URLs are relative to the page, so the
 * screen works wherever the host mounts it.
 */
(function () {
  'use strict';

  var POLL_MS = 500;
  var POLL_GIVE_UP_MS = 6 * 60 * 60 * 1000;
  var state = { session: null, workspaceName: '', restoreFile: null, origin: 'verified', busy: false };

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
    return fetch('api/' + path, opts).then(function (r) {
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

  function lockCell(encrypted, warning) {
    var lock = el('span', { 'class': 'lock ' + (encrypted ? 'closed' : 'open'), 'data-encrypted': String(encrypted) },
      [lockIcon(encrypted), encrypted ? 'Encrypted' : 'Not encrypted']);
    var wrap = el('div', {}, [lock]);
    if (!encrypted && warning) { wrap.appendChild(el('p', { 'class': 'plaintext-warning', text: warning })); }
    return wrap;
  }

  // ------------------------------------------------------------------ session, status, list

  function loadSession() {
    return api('GET', 'session').then(function (s) {
      state.session = s;
      state.workspaceName = s.workspace.name;
      $('workspace').textContent = s.workspace.name + ' \u00b7 signed in as ' + s.user.name;
      $('backup-form').hidden = !s.permissions.create;
      $('actions-header').hidden = !s.permissions.restore;
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
      b.textContent = '';
      if (!s.key.configured) {
        b.appendChild(banner('key', 'The encryption key is missing: new backups will fail.',
          s.key.problem || 'Ask the administrator to configure the backup encryption key.'));
      }
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
      if (s.lastFailure) {
        b.appendChild(banner('failure', 'The last backup failed.', s.lastFailure));
      }
      $('schedule').textContent = 'Automatic backups: ' + s.schedule.frequency + ' \u00b7 next run ' + s.schedule.nextRun
        + ' \u00b7 times in ' + s.schedule.zone;
    });
  }

  function row(s) {
    var canRestore = state.session && state.session.permissions.restore;
    var label = el('span', { 'class': 'label ' + s.label, text: s.label });
    var freq = el('td', { 'data-label': 'Frequency', 'class': 'frequency' }, [label]);
    if (s.pinned) { freq.appendChild(el('span', { 'class': 'pinned', title: 'Pinned: retention never deletes it', text: 'Pinned' })); }
    var tr = el('tr', { 'data-file': s.file, 'data-label': s.label }, [
      el('td', { 'data-label': 'Date / Time', 'class': 'when' }, [el('time', { datetime: s.createdAt, text: s.when })]),
      freq,
      el('td', { 'data-label': 'Size', 'class': 'size', title: s.sizeBytes + ' bytes', text: s.size }),
      el('td', { 'data-label': 'Encrypted', 'class': 'encrypted' }, [lockCell(s.encrypted, s.warning)]),
      el('td', { 'data-label': 'File', 'class': 'file', text: s.file }),
      el('td', { 'data-label': 'Note', 'class': 'note', text: s.note || '' })
    ]);
    if (canRestore) {
      var btn = el('button', { type: 'button', 'class': 'restore', 'aria-label': 'Restore ' + s.file, text: 'Restore' });
      btn.addEventListener('click', function () { openRestore(s.file, btn); });
      tr.appendChild(el('td', { 'class': 'actions' }, [btn]));
    }
    return tr;
  }

  function loadSnapshots(highlight) {
    return api('GET', 'snapshots').then(function (list) {
      var body = $('rows');
      body.textContent = '';
      list.snapshots.forEach(function (s) {
        var tr = row(s);
        if (highlight && s.file === highlight) { tr.className = 'fresh'; }
        body.appendChild(tr);
      });
      var empty = list.snapshots.length === 0;
      $('loading').hidden = true;
      $('snapshots').hidden = empty;
      $('empty').hidden = !empty;
      $('empty-backup-now').hidden = !(empty && state.session.permissions.create);
      $('first-run').textContent = empty ? 'The first automated backup runs ' + list.firstAutomatedBackup + '.' : '';
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
          box.textContent = 'Backing up\u2026 ' + job.documents.toLocaleString() + ' documents so far';
        }
      });
    }).then(function (job) {
      if (job.state === 'failed') { throw Object.assign(new Error(job.error.message), { code: job.error.code }); }
      box.textContent = 'Backup complete: ' + job.snapshot.file + ' (' + job.snapshot.size + ').';
      $('note').value = '';
      return Promise.all([loadSnapshots(job.snapshot.file), loadStatus()]);
    }).catch(function (e) {
      box.hidden = true;
      showError(e);
    }).then(function () {
      state.busy = false;
      button.disabled = false;
    });
  }

  // ------------------------------------------------------------------ restore dialog

  var lastFocus = null;

  function openRestore(file, opener) {
    lastFocus = opener;
    showError(null);
    api('GET', 'restore-preview?file=' + encodeURIComponent(file)).then(function (p) {
      state.restoreFile = p.file;
      $('r-file').textContent = p.file;
      $('r-when').textContent = p.when;
      $('r-label').textContent = p.label;
      $('r-size').textContent = p.size;
      var enc = $('r-encrypted');
      enc.textContent = '';
      enc.appendChild(lockCell(p.encrypted, p.warning));
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
      $('restore-confirm').hidden = false;
      $('restore-submit').disabled = true;
      $('restore-submit').hidden = state.origin === 'refused';
      $('restore-cancel').textContent = 'Cancel';
      $('restore-cancel').disabled = false;
      $('phases').hidden = true;
      $('restore-result').textContent = '';
      Array.prototype.forEach.call($('phases').children, function (li) { li.className = ''; li.removeAttribute('aria-current'); });
      $('restore-dialog').showModal();
      $('confirm-name').focus();
    }).catch(showError);
  }

  function closeRestore() {
    var d = $('restore-dialog');
    if (d.open) { d.close(); }
    if (lastFocus && document.body.contains(lastFocus)) { lastFocus.focus(); }
  }

  function showPhase(phase) {
    var order = ['safety_backup', 'workspace_unavailable', 'restoring'];
    var at = order.indexOf(phase);
    Array.prototype.forEach.call($('phases').children, function (li, i) {
      li.removeAttribute('aria-current');
      li.className = phase === 'finished' || i < at ? 'done' : '';
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
    showPhase('safety_backup');
    var result = $('restore-result');
    result.textContent = 'Restoring\u2026 keep this page open.';
    var body = { file: state.restoreFile, typedName: typed };
    if (state.origin === 'needs_override') { body.acceptUnverifiedOrigin = $('origin-accept').checked; }
    api('POST', 'restores', body).then(function (r) {
      return poll(r.jobId, function (job) { if (job.phase) { showPhase(job.phase); } });
    }).then(function (job) {
      if (job.state === 'failed') { throw Object.assign(new Error(job.error.message), { code: job.error.code }); }
      showPhase('finished');
      result.textContent = '';
      result.appendChild(el('p', { 'class': 'ok', text: 'Restore complete: ' + job.result.documents.toLocaleString()
        + ' documents restored from ' + job.result.restoredFrom + '.' }));
      result.appendChild(el('p', { text: 'The data from before the restore was saved first as the safety backup ' }, [
        el('code', { id: 'safety-backup', text: job.result.safetyBackup }), '.']));
      return Promise.all([loadSnapshots(job.result.safetyBackup), loadStatus()]);
    }).catch(function (e) {
      result.textContent = '';
      result.appendChild(el('p', { 'class': 'error', role: 'alert', text: e.message }));
    }).then(function () {
      $('restore-submit').hidden = true;
      $('restore-confirm').hidden = true;
      $('restore-cancel').textContent = 'Close';
      $('restore-cancel').disabled = false;
      $('restore-cancel').focus();
    });
  }

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
