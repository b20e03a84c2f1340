/*
 * "What changed since this backup?" and "Compare with…" on each row of the Database Backups list.
 * Kept beside app.js, not inside it: it adds a cell to each row app.js renders (watching the list) and
 * its own dialog, and calls only GET api/compare. Every value from the server goes in with textContent.
 */
(function () {
  'use strict';

  function $(id) { return document.getElementById(id); }

  function el(tag, attrs, children) {
    var e = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) {
      if (k === 'class') { e.className = attrs[k]; } else if (k === 'text') { e.textContent = attrs[k]; } else { e.setAttribute(k, attrs[k]); }
    });
    (children || []).forEach(function (c) { if (c) { e.appendChild(typeof c === 'string' ? document.createTextNode(c) : c); } });
    return e;
  }

  function get(path) {
    return fetch('api/' + path, { headers: { 'Accept': 'application/json' }, credentials: 'same-origin' }).then(function (r) {
      return r.json().catch(function () { return {}; }).then(function (json) {
        if (!r.ok) { throw new Error(json.error && json.error.message ? json.error.message : 'The server answered ' + r.status + '.'); }
        return json;
      });
    });
  }

  var lastFocus = null;

  function dialog() {
    var d = $('compare-dialog');
    if (d) { return d; }
    d = el('dialog', { id: 'compare-dialog', 'aria-labelledby': 'compare-title' }, [
      el('h2', { id: 'compare-title' }),
      el('div', { id: 'compare-pick', hidden: '' }, [
        el('label', { 'for': 'compare-other', text: 'Compare with the backup of ' }),
        el('select', { id: 'compare-other' }),
        el('button', { type: 'button', id: 'compare-go', 'class': 'primary', text: 'Compare' })
      ]),
      el('p', { id: 'compare-status', role: 'status', 'aria-live': 'polite' }),
      el('p', { id: 'compare-summary' }),
      el('table', { id: 'compare-table', 'class': 'compare-table', hidden: '' }, [el('thead'), el('tbody')]),
      el('div', { 'class': 'buttons' }, [el('button', { type: 'button', id: 'compare-close', text: 'Close' })])
    ]);
    document.body.appendChild(d);
    $('compare-close').addEventListener('click', function () {
      d.close();
      if (lastFocus && document.body.contains(lastFocus)) { lastFocus.focus(); }
    });
    return d;
  }

  function rows() {
    return Array.prototype.slice.call(document.querySelectorAll('#rows tr[data-file]'));
  }

  function whenOf(tr) {
    var t = tr.querySelector('.when');
    return t ? t.textContent : tr.getAttribute('data-file');
  }

  function reset(title) {
    var d = dialog();
    $('compare-title').textContent = title;
    $('compare-status').textContent = '';
    $('compare-summary').textContent = '';
    $('compare-summary').className = '';
    $('compare-table').hidden = true;
    $('compare-pick').hidden = true;
    if (!d.open) { d.showModal(); }
    return d;
  }

  function render(result, labels) {
    $('compare-status').textContent = '';
    var summary = $('compare-summary');
    summary.textContent = result.summary;
    summary.className = result.same ? 'same' : 'changed';
    var table = $('compare-table');
    var head = table.tHead;
    head.textContent = '';
    head.appendChild(el('tr', {}, ['Collection', 'Status', labels.onlyInA, labels.onlyInB, labels.changed, 'Unchanged']
      .map(function (h) { return el('th', { scope: 'col', text: h }); })));
    var body = table.tBodies[0];
    body.textContent = '';
    result.collections.forEach(function (c) {
      body.appendChild(el('tr', { 'data-collection': c.name, 'data-status': c.status }, [
        el('th', { scope: 'row', text: c.name }),
        el('td', { 'class': 'status ' + c.status, text: labels.status[c.status] || c.status }),
        el('td', { 'class': 'num only-a', text: c.onlyInA.toLocaleString() }),
        el('td', { 'class': 'num only-b', text: c.onlyInB.toLocaleString() }),
        el('td', { 'class': 'num changed', text: c.changed.toLocaleString() }),
        el('td', { 'class': 'num same', text: c.same.toLocaleString() })
      ]));
      var examples = [];
      [['onlyInA', labels.onlyInA], ['onlyInB', labels.onlyInB], ['changed', labels.changed]].forEach(function (k) {
        if (c.samples[k[0]].length) { examples.push(k[1].toLowerCase() + ': ' + c.samples[k[0]].join(', ')); }
      });
      if (examples.length) {
        body.appendChild(el('tr', { 'class': 'examples' }, [el('td', { colspan: '6', text: 'e.g. ' + examples.join(' \u00b7 ') })]));
      }
    });
    table.hidden = false;
  }

  function whatChanged(tr, opener) {
    lastFocus = opener;
    reset('What changed since the backup of ' + whenOf(tr) + '?');
    $('compare-status').textContent = 'Comparing with the live data\u2026';
    get('compare?file=' + encodeURIComponent(tr.getAttribute('data-file')) + '&live=true').then(function (r) {
      render(r, { onlyInA: 'Deleted since', onlyInB: 'Added since', changed: 'Changed since',
        status: { same: 'unchanged', changed: 'changed', added: 'created since', removed: 'dropped since' } });
    }).catch(function (e) {
      $('compare-status').textContent = '';
      $('compare-summary').textContent = e.message;
      $('compare-summary').className = 'error';
    });
  }

  function compareWith(tr, opener) {
    lastFocus = opener;
    reset('Compare the backup of ' + whenOf(tr) + ' with\u2026');
    var select = $('compare-other');
    select.textContent = '';
    rows().forEach(function (other) {
      if (other !== tr) {
        select.appendChild(el('option', { value: other.getAttribute('data-file'), text: whenOf(other) + ' (' + other.getAttribute('data-label') + ')' }));
      }
    });
    $('compare-pick').hidden = false;
    var go = $('compare-go');
    var fresh = go.cloneNode(true);
    go.parentNode.replaceChild(fresh, go);
    fresh.addEventListener('click', function () {
      var list = rows().map(function (r) { return r.getAttribute('data-file'); });
      var x = tr.getAttribute('data-file');
      var y = select.value;
      // The list is newest first: A is the older of the two, so "deleted" and "added" read forwards in time.
      var older = list.indexOf(x) > list.indexOf(y) ? x : y;
      var newer = older === x ? y : x;
      $('compare-status').textContent = 'Comparing\u2026';
      $('compare-table').hidden = true;
      get('compare?file=' + encodeURIComponent(older) + '&to=' + encodeURIComponent(newer)).then(function (r) {
        render(r, { onlyInA: 'Only in the older', onlyInB: 'Only in the newer', changed: 'Changed',
          status: { same: 'same', changed: 'changed', added: 'only in the newer', removed: 'only in the older' } });
      }).catch(function (e) {
        $('compare-status').textContent = '';
        $('compare-summary').textContent = e.message;
        $('compare-summary').className = 'error';
      });
    });
    select.focus();
  }

  function decorate() {
    var head = document.querySelector('#snapshots thead tr');
    if (head && !head.querySelector('.compare-header')) {
      head.appendChild(el('th', { scope: 'col', 'class': 'compare-header' }, [el('span', { 'class': 'sr-only', text: 'Compare' })]));
    }
    rows().forEach(function (tr) {
      if (tr.querySelector('.compare-cell')) { return; }
      var file = tr.getAttribute('data-file');
      var changed = el('button', { type: 'button', 'class': 'what-changed link', 'aria-label': 'What changed since ' + file,
        text: 'What changed since this backup?' });
      var other = el('button', { type: 'button', 'class': 'compare-with link', 'aria-label': 'Compare ' + file + ' with another backup',
        text: 'Compare with\u2026' });
      changed.addEventListener('click', function () { whatChanged(tr, changed); });
      other.addEventListener('click', function () { compareWith(tr, other); });
      tr.appendChild(el('td', { 'class': 'compare-cell', 'data-label': 'Compare' }, [changed, other]));
    });
  }

  document.addEventListener('DOMContentLoaded', function () {
    var body = $('rows');
    if (!body) { return; }
    new MutationObserver(decorate).observe(body, { childList: true });
    decorate();
  });
})();
