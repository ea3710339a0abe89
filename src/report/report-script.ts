/**
 * The page's only script: the per-case drill-down and the table filter. Plain ES2017 for any
 * browser, no libraries. It reads the embedded JSON and builds every node with textContent, never
 * innerHTML, so text from models and documents can never become markup.
 */
export const reportScript = String.raw`(function () {
  'use strict';
  var source = document.getElementById('knowhow-report-data');
  var table = document.getElementById('case-table');
  if (!source || !table || !table.tBodies[0]) return;
  var data = JSON.parse(source.textContent || '{}');
  var own = Object.prototype.hasOwnProperty;
  var body = table.tBodies[0];
  var columns = table.tHead && table.tHead.rows[0] ? table.tHead.rows[0].cells.length : 1;
  var caseRows = Array.prototype.slice.call(body.querySelectorAll('tr.case-row'));

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined && text !== null) node.textContent = String(text);
    return node;
  }
  function add(parent) {
    for (var i = 1; i < arguments.length; i++) {
      var child = arguments[i];
      if (child) parent.appendChild(typeof child === 'string' ? document.createTextNode(child) : child);
    }
    return parent;
  }
  function badge(kind, text) {
    return el('span', 'badge badge-' + kind, text);
  }
  function labelChip(label) {
    return el('span', 'label-chip label-' + label, label);
  }
  function chunkById(id) {
    return own.call(data.chunks, id) ? data.chunks[id] : null;
  }
  function formatMs(ms) {
    return ms >= 1000 ? (ms / 1000).toFixed(2) + ' s' : Math.round(ms) + ' ms';
  }
  function definitionList(entries) {
    var list = el('dl');
    entries.forEach(function (entry) {
      if (entry[1] === null || entry[1] === undefined || entry[1] === '') return;
      var value = el('dd');
      if (typeof entry[1] === 'string') value.textContent = entry[1];
      else value.appendChild(entry[1]);
      add(list, el('dt', null, entry[0]), value);
    });
    return list;
  }
  function tagList(values, className) {
    if (!values || values.length === 0) return null;
    var span = el('span');
    values.forEach(function (value) { add(span, el('span', className || 'tag', value)); });
    return span;
  }

  function renderReference(item) {
    var box = el('section', 'drill-section');
    add(box, el('h4', null, 'Case'));
    var format = item.format && Object.keys(item.format).length > 0 ? JSON.stringify(item.format) : '';
    add(box, definitionList([
      ['Reference answer', item.answer === undefined ? null : item.answer],
      ['Facts', tagList(item.facts)],
      ['Sources', tagList(item.sources)],
      ['Tags', tagList(item.tags)],
      ['Asked as', item.groups && item.groups.length ? item.groups.join(', ') : null],
      ['Format', format]
    ]));
    return box;
  }

  function renderAttribution(item) {
    var box = el('section', 'drill-section');
    add(box, el('h4', null, 'Attribution'));
    var line = el('p', 'explanation');
    if (item.label) add(line, labelChip(item.label), ' ');
    (item.secondary || []).forEach(function (label) { add(line, el('span', 'tag', 'also ' + label), ' '); });
    add(line, item.explanation || 'No attribution for this case.');
    add(box, line);
    if (item.evidence && item.evidence.length) {
      var list = el('ul', 'evidence');
      item.evidence.forEach(function (entry) {
        var li = el('li');
        add(li, el('strong', null, entry.variant + ': '), entry.reason);
        add(list, li);
      });
      add(box, list);
    }
    return box;
  }

  function renderChecks(row) {
    if (!row.checks || row.checks.length === 0) return el('p', 'empty', 'No checks ran.');
    var checks = el('table', 'checks');
    var head = el('thead');
    var headRow = el('tr');
    ['Verdict', 'Check', 'Score', 'Reason'].forEach(function (title) { add(headRow, el('th', null, title)); });
    add(checks, add(head, headRow));
    var rows = el('tbody');
    row.checks.forEach(function (check) {
      var tr = el('tr');
      add(tr, add(el('td'), badge(check.verdict, check.verdict)));
      add(tr, add(el('td', null, check.name), el('span', 'kind', check.kind)));
      add(tr, el('td', 'num', check.score === undefined ? '' : String(Math.round(check.score * 1000) / 1000)));
      add(tr, el('td', null, check.reason));
      add(rows, tr);
    });
    return add(checks, rows);
  }

  function renderChunks(row, item) {
    var ids = [];
    row.retrievedIds.concat(row.contextIds).forEach(function (id) { if (ids.indexOf(id) === -1) ids.push(id); });
    if (ids.length === 0) return null;
    var box = el('div');
    add(box, el('h4', null, 'Passages (' + ids.length + ')'));
    var list = el('ul', 'chunks');
    ids.forEach(function (id) {
      var chunk = chunkById(id);
      var li = el('li');
      var title = el('div', 'chunk-title');
      if (row.retrievedIds.indexOf(id) !== -1) add(title, badge('info', 'retrieved'), ' ');
      if (row.contextIds.indexOf(id) !== -1) add(title, badge('info', 'in context'), ' ');
      if (chunk && item.sources.indexOf(chunk.documentId) !== -1) add(title, badge('pass', 'gold source'), ' ');
      if (!chunk) {
        add(title, id);
        add(li, title, el('div', 'chunk-meta', 'chunk text not in this report'));
      } else {
        add(title, breadcrumb([chunk.title].concat(chunk.headingPath || [])));
        add(li, title, el('div', 'chunk-meta', chunk.documentId + ' \u00b7 characters ' + chunk.start + '\u2013' + chunk.end + ' \u00b7 ' + id));
        add(li, el('div', 'chunk-text', chunk.text));
      }
      add(list, li);
    });
    return add(box, list);
  }

  // A document's first heading usually repeats its title: show each step of the path once.
  function breadcrumb(parts) {
    var steps = [];
    parts.forEach(function (part) {
      if (part && steps[steps.length - 1] !== part) steps.push(part);
    });
    return steps.join(' \u203a ');
  }

  function renderCitations(row) {
    if (!row.citations || row.citations.length === 0) return null;
    var box = el('div');
    add(box, el('h4', null, 'Citations'));
    var list = el('ul', 'citations');
    row.citations.forEach(function (citation) {
      var chunk = chunkById(citation.chunkId);
      var li = el('li');
      add(li, el('strong', null, '[' + citation.marker + ']'), ' \u2192 ');
      add(li, chunk ? chunk.title + ' (' + citation.chunkId + ')' : citation.chunkId || 'no passage');
      if (!citation.valid) add(li, ' ', badge('invalid', 'invalid'));
      add(list, li);
    });
    return add(box, list);
  }

  function renderVariant(row, item) {
    var state = row.error ? 'errored' : row.passed ? 'passed' : 'failed';
    var card = el('article', 'variant-card ' + state);
    card.setAttribute('data-variant', row.variant);
    var head = el('div', 'variant-head');
    add(head, el('strong', null, row.variant));
    add(head, row.error ? badge('error', 'error') : badge(row.passed ? 'pass' : 'fail', row.passed ? 'pass' : 'fail'));
    var meta = [row.model];
    if (!row.error) {
      meta.push(row.cached ? 'cached' : formatMs(row.latencyMs));
      meta.push(row.promptTokens + ' + ' + row.completionTokens + ' tokens');
    }
    if (row.extractive) meta.push('extractive');
    add(head, el('span', 'variant-meta', meta.join(' \u00b7 ')));
    add(card, head);
    // Answer and checks on the left, the passages behind them on the right (stacked on narrow screens).
    var main = el('div', 'variant-main');
    add(main, el('h4', null, row.error ? 'Error' : 'Answer'));
    if (row.error) add(main, el('pre', 'answer', row.error.code + ': ' + row.error.message));
    else add(main, el('pre', 'answer', row.answer === '' ? '(empty answer)' : row.answer));
    add(main, el('h4', null, 'Checks'), renderChecks(row));
    var side = el('div', 'variant-side');
    var chunks = renderChunks(row, item);
    var citations = renderCitations(row);
    if (!chunks && !citations) {
      add(side, el('h4', null, 'Passages'), el('p', 'empty', 'None: this variant answers without passages in context.'));
    }
    add(side, chunks, citations);
    add(card, add(el('div', 'variant-body'), main, side));
    return card;
  }

  function renderCase(item) {
    var root = el('div', 'drill');
    add(root, el('p', 'drill-question', item.question));
    add(root, renderReference(item), renderAttribution(item));
    var cards = el('div', 'variant-cards');
    if (item.rows.length === 0) add(cards, el('p', 'empty', 'No variant produced a row for this case.'));
    item.rows.forEach(function (row) { add(cards, renderVariant(row, item)); });
    add(root, el('h4', null, 'Answers by variant'), cards);
    return root;
  }

  function detailOf(row) {
    var next = row.nextElementSibling;
    return next && next.classList.contains('detail-row') ? next : null;
  }

  function toggle(row, open) {
    var button = row.querySelector('button.case-toggle');
    var detail = detailOf(row);
    var shouldOpen = open === undefined ? !detail : open;
    if (!shouldOpen) {
      if (detail) detail.parentNode.removeChild(detail);
      row.classList.remove('open');
      if (button) button.setAttribute('aria-expanded', 'false');
      return;
    }
    if (detail) return;
    var item = data.cases[Number(row.getAttribute('data-case-index'))];
    if (!item) return;
    var tr = el('tr', 'detail-row');
    tr.id = button ? button.getAttribute('aria-controls') : '';
    var td = el('td');
    td.colSpan = columns;
    add(tr, add(td, renderCase(item)));
    row.parentNode.insertBefore(tr, row.nextSibling);
    row.classList.add('open');
    if (button) button.setAttribute('aria-expanded', 'true');
    try {
      history.replaceState(null, '', '#case=' + encodeURIComponent(item.id));
    } catch (ignored) {
      // Some viewers forbid history changes (sandboxed frames): the drill-down still works.
    }
  }

  body.addEventListener('click', function (event) {
    var target = event.target;
    var row = target.closest ? target.closest('tr.case-row') : null;
    if (!row) return;
    var control = target.closest('a, input, select, textarea, button');
    if (control && !control.classList.contains('case-toggle')) return;
    toggle(row);
  });
  body.addEventListener('keydown', function (event) {
    if (event.key !== 'Escape') return;
    var detail = event.target.closest ? event.target.closest('tr.detail-row') : null;
    var row = detail ? detail.previousElementSibling : event.target.closest && event.target.closest('tr.case-row');
    if (!row || !row.classList.contains('case-row') || !detailOf(row)) return;
    toggle(row, false);
    var button = row.querySelector('button.case-toggle');
    if (button) button.focus();
  });

  var filter = document.getElementById('case-filter');
  var labelFilter = document.getElementById('label-filter');
  var count = document.getElementById('case-count');
  function applyFilter() {
    var terms = (filter ? filter.value : '').toLowerCase().split(/\s+/).filter(Boolean);
    var label = labelFilter ? labelFilter.value : '';
    var shown = 0;
    caseRows.forEach(function (row) {
      var text = row.getAttribute('data-search') || '';
      var match = (!label || row.getAttribute('data-label') === label) &&
        terms.every(function (term) { return text.indexOf(term) !== -1; });
      row.hidden = !match;
      var detail = detailOf(row);
      if (detail) detail.hidden = !match;
      if (match) shown++;
    });
    if (count) count.textContent = shown + ' of ' + caseRows.length + ' cases';
  }
  if (filter) filter.addEventListener('input', applyFilter);
  if (labelFilter) labelFilter.addEventListener('change', applyFilter);
  Array.prototype.forEach.call(document.querySelectorAll('[data-filter-label]'), function (button) {
    button.addEventListener('click', function () {
      if (labelFilter) labelFilter.value = button.getAttribute('data-filter-label') || '';
      applyFilter();
      var cases = document.getElementById('cases');
      if (cases && cases.scrollIntoView) cases.scrollIntoView();
    });
  });

  function openFromHash() {
    var hash = location.hash || '';
    if (hash.indexOf('#case=') !== 0) return;
    var id = '';
    try { id = decodeURIComponent(hash.slice(6)); } catch (ignored) { return; }
    for (var i = 0; i < caseRows.length; i++) {
      if (caseRows[i].getAttribute('data-case-id') === id) {
        toggle(caseRows[i], true);
        if (caseRows[i].scrollIntoView) caseRows[i].scrollIntoView();
        return;
      }
    }
  }
  window.addEventListener('hashchange', openFromHash);
  openFromHash();
  applyFilter();
})();`;
