/**
 * The dashboard's browser code, inlined into the page. Plain ES2020 with no dependencies; every
 * value from the API reaches the page through textContent (the `h` helper), never as HTML.
 * Kept free of backticks and template placeholders because it lives in a template string.
 */
export const dashboardScript = String.raw`
(function () {
  'use strict';
  var settings = window.KNOWHOW || { project: 'knowhow', keysRequired: false };
  // The order comes from the server (core/config/schema.ts variantNames), never retyped here.
  var VARIANTS = settings.variants || [];
  var ARCH = ['prompting', 'rag', 'fine-tuning', 'hybrid'];
  var ARCH_LABEL = { prompting: 'prompting', rag: 'RAG', 'fine-tuning': 'fine-tuning', hybrid: 'hybrid' };
  var COLORS = ['var(--c0)', 'var(--c1)', 'var(--c2)', 'var(--c3)', 'var(--c4)', 'var(--c5)'];
  var LABEL_COLORS = {
    'no-gap': 'var(--c2)', 'prompting-fixes': 'var(--c1)', 'retrieval-gap': 'var(--c3)',
    'knowledge-gap': 'var(--c0)', 'behaviour-gap': 'var(--c4)', 'reasoning-gap': '#7c3aed',
    'model-error': 'var(--fail)', unresolved: 'var(--c5)'
  };
  var state = { runs: [], run: null, compare: null, models: [] };

  function $(id) { return document.getElementById(id); }
  function key() { return sessionStorage.getItem('knowhow.key') || ''; }

  function h(tag, attrs) {
    var node = document.createElement(tag);
    if (attrs) {
      Object.keys(attrs).forEach(function (name) {
        var value = attrs[name];
        if (value === undefined || value === null || value === false) return;
        if (name === 'text') node.textContent = String(value);
        else if (name === 'on') Object.keys(value).forEach(function (event) { node.addEventListener(event, value[event]); });
        else if (name === 'style') node.setAttribute('style', value);
        else node.setAttribute(name, value === true ? '' : String(value));
      });
    }
    for (var i = 2; i < arguments.length; i++) append(node, arguments[i]);
    return node;
  }
  function append(node, child) {
    if (child === undefined || child === null || child === false) return;
    if (Array.isArray(child)) { child.forEach(function (c) { append(node, c); }); return; }
    node.appendChild(typeof child === 'object' ? child : document.createTextNode(String(child)));
  }
  /** Replaces a node's children; arrays are flattened and null/false children skipped, as in h(). */
  function fill(node) {
    node.replaceChildren();
    for (var i = 1; i < arguments.length; i++) append(node, arguments[i]);
    return node;
  }
  function svg(tag, attrs) {
    var node = document.createElementNS('http://www.w3.org/2000/svg', tag);
    Object.keys(attrs || {}).forEach(function (name) {
      if (name === 'text') node.textContent = attrs[name]; else node.setAttribute(name, attrs[name]);
    });
    for (var i = 2; i < arguments.length; i++) if (arguments[i]) node.appendChild(arguments[i]);
    return node;
  }

  async function api(path, options) {
    options = options || {};
    var headers = {};
    if (options.json !== undefined) headers['content-type'] = 'application/json';
    if (key()) headers.authorization = 'Bearer ' + key();
    var response = await fetch(path, {
      method: options.method || (options.json !== undefined ? 'POST' : 'GET'),
      headers: headers,
      body: options.json !== undefined ? JSON.stringify(options.json) : undefined
    });
    var type = response.headers.get('content-type') || '';
    var body = type.indexOf('json') >= 0 ? await response.json() : await response.text();
    if (!response.ok) {
      var info = body && body.error ? body.error : { message: 'HTTP ' + response.status };
      var error = new Error(info.message + (info.hint ? ' ' + info.hint : ''));
      error.status = response.status;
      error.code = info.code;
      if (response.status === 401) showKeyForm(true);
      throw error;
    }
    return body;
  }

  function pct(value) { return value === null || value === undefined || isNaN(value) ? '–' : Math.round(value * 100) + '%'; }
  function ms(value) { return value === null || value === undefined ? '–' : value >= 1000 ? (value / 1000).toFixed(1) + ' s' : Math.round(value) + ' ms'; }
  function money(value, currency) {
    if (value === null || value === undefined) return '–';
    var text = value === 0 ? '0' : Math.abs(value) < 0.01 ? value.toPrecision(2) : value.toFixed(2);
    return (currency === 'USD' || !currency ? '$' : currency + ' ') + text;
  }
  /** "Title › Heading › Sub", without repeating a top heading that is the title itself. */
  function place(title, headings) {
    var path = (headings || []).slice();
    if (path.length && path[0] === title) path.shift();
    return [title].concat(path).join(' › ');
  }
  function when(iso) { var d = new Date(iso); return isNaN(d) ? iso : d.toLocaleString(); }
  function percentile(values, p) {
    if (values.length === 0) return null;
    var sorted = values.slice().sort(function (a, b) { return a - b; });
    return sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)];
  }
  function variantOrder(a, b) {
    var ia = VARIANTS.indexOf(a), ib = VARIANTS.indexOf(b);
    return (ia < 0 ? 99 : ia) - (ib < 0 ? 99 : ib) || (a < b ? -1 : a > b ? 1 : 0);
  }

  /** Per-variant figures straight from the rows, so a run without a diagnosis still shows them. */
  function summarize(rows) {
    var by = {};
    rows.forEach(function (row) { (by[row.variant] = by[row.variant] || []).push(row); });
    return Object.keys(by).sort(variantOrder).map(function (variant) {
      var list = by[variant];
      var live = list.filter(function (r) { return !r.error && !r.cached; });
      var ok = list.filter(function (r) { return !r.error; });
      var kinds = {};
      ['content', 'format', 'grounding', 'retrieval'].forEach(function (kind) {
        var judged = ok.filter(function (r) { return r.verdicts && r.verdicts[kind] !== 'skipped'; });
        kinds[kind] = {
          rate: judged.length ? judged.filter(function (r) { return r.verdicts[kind] === 'pass'; }).length / judged.length : null,
          failed: list.filter(function (r) { return r.verdicts && r.verdicts[kind] === 'fail' && !r.error; }).length
        };
      });
      var recalls = [];
      ok.forEach(function (r) { (r.checks || []).forEach(function (c) { if (c.kind === 'retrieval' && typeof c.score === 'number' && /recall/.test(c.name)) recalls.push(c.score); }); });
      var latencies = live.map(function (r) { return r.latencyMs; });
      return {
        variant: variant,
        model: list[0].model,
        cases: list.length,
        passed: list.filter(function (r) { return r.passed; }).length,
        passRate: list.filter(function (r) { return r.passed; }).length / list.length,
        kinds: kinds,
        recall: recalls.length ? recalls.reduce(function (a, b) { return a + b; }, 0) / recalls.length : null,
        p50: percentile(latencies, 0.5),
        p95: percentile(latencies, 0.95),
        promptTokens: ok.length ? ok.reduce(function (a, r) { return a + r.usage.promptTokens; }, 0) / ok.length : 0,
        completionTokens: ok.length ? ok.reduce(function (a, r) { return a + r.usage.completionTokens; }, 0) / ok.length : 0,
        cost: list.reduce(function (a, r) { return a + (r.costUsd || 0); }, 0),
        errors: list.filter(function (r) { return r.error; }).length,
        extractive: list.filter(function (r) { return r.extractive; }).length
      };
    });
  }

  // ---------- runs ----------
  async function loadRuns() {
    var list = $('run-list');
    try {
      var result = await api('/v1/runs');
      state.runs = result.data;
    } catch (error) {
      fill(list, h('p', { class: 'muted', text: error.status === 403 ? 'This key may not read eval runs (admin keys only).' : error.message }));
      return;
    }
    var select = $('compare-select');
    fill(select, h('option', { value: '', text: '— none —' }));
    if (state.runs.length === 0) {
      fill(list, h('p', { class: 'muted' }, 'No runs yet. Run ', h('code', { text: 'knowhow eval' }), '.'));
      return;
    }
    fill(list, state.runs.map(function (run) {
      select.appendChild(h('option', { value: run.id, text: run.id }));
      return h('button', { class: 'run', 'data-testid': 'run-item', 'data-run': run.id, on: { click: function () { openRun(run.id); } } },
        h('div', { class: 'id', text: run.id }),
        h('div', { class: 'when', text: when(run.created_at) + ' · ' + run.cases + ' cases' }),
        run.recommendation ? h('div', null, h('span', { class: 'badge', text: '→ ' + (ARCH_LABEL[run.recommendation] || run.recommendation) })) : null,
        h('div', { class: 'mini', title: run.variants.map(function (v) { return v.variant + ' ' + pct(v.pass_rate); }).join(' · ') },
          run.variants.map(function (v) { return h('span', null, h('i', { style: 'width:' + Math.round(v.pass_rate * 100) + '%' })); }))
      );
    }));
    var wanted = new URLSearchParams(location.hash.slice(1)).get('run');
    if (wanted && state.runs.some(function (r) { return r.id === wanted; })) openRun(wanted);
  }

  async function openRun(id) {
    document.querySelectorAll('.run').forEach(function (node) { node.classList.toggle('selected', node.getAttribute('data-run') === id); });
    var view = $('run-view');
    fill(view, h('div', { class: 'empty', text: 'Loading ' + id + '…' }));
    try {
      state.run = await api('/v1/runs/' + encodeURIComponent(id));
      var other = $('compare-select').value;
      state.compare = other && other !== id ? await api('/v1/runs/' + encodeURIComponent(other)) : null;
    } catch (error) {
      fill(view, h('div', { class: 'empty error', text: error.message }));
      return;
    }
    history.replaceState(null, '', '#run=' + encodeURIComponent(id));
    renderRun();
  }

  function renderRun() {
    var run = state.run;
    var report = run.report;
    var diagnosis = report.diagnosis;
    var stats = summarize(report.rows);
    var view = $('run-view');
    fill(view,
      headerCard(run, diagnosis),
      state.compare ? compareCard(run, state.compare) : null,
      variantsCard(stats),
      h('div', { class: 'grid2' }, attributionCard(diagnosis, stats), latencyCard(stats)),
      costCard(diagnosis),
      casesCard(report, diagnosis),
      h('div', { id: 'report-slot' })
    );
  }

  function headerCard(run, diagnosis) {
    var report = run.report;
    var rec = diagnosis && diagnosis.recommendation;
    var models = Object.keys(report.models || {}).sort(variantOrder).map(function (v) { return v + ': ' + report.models[v]; }).join(' · ');
    return h('div', { class: 'card' },
      h('div', { class: 'run-head' },
        h('h2', { text: run.id }),
        h('span', { class: 'muted', text: when(run.created_at) }),
        h('span', { class: 'muted', text: run.cases + ' cases · ' + run.rows + ' rows' }),
        run.has_report_html ? h('button', { id: 'open-report', on: { click: function () { showReport(run.id); } }, text: 'Open full report' }) : null
      ),
      models ? h('div', { class: 'muted', style: 'margin-top:6px;font-size:12px', text: models }) : null,
      rec ? h('div', { class: 'recommend' },
        h('div', null, 'Recommendation: ', h('strong', { text: ARCH_LABEL[rec.architecture] || rec.architecture }), ' ', h('span', { class: 'badge', text: rec.basis })),
        rec.reasons && rec.reasons.length ? h('ul', { class: 'notes' }, rec.reasons.slice(0, 3).map(function (r) { return h('li', { text: r.statement }); })) : null,
        rec.startSimple ? h('div', { class: 'muted', style: 'margin-top:6px', text: rec.startSimple }) : null
      ) : h('div', { class: 'recommend muted' }, 'No diagnosis for this run yet: ', h('code', { text: 'knowhow diagnose' }), ' adds attribution, costs and the recommendation.'),
      (report.notes || []).length || (report.skippedVariants || []).length ? h('ul', { class: 'notes' },
        (report.notes || []).map(function (n) { return h('li', { text: n }); }),
        (report.skippedVariants || []).map(function (s) { return h('li', { text: s.variant + ' skipped: ' + s.reason }); })) : null
    );
  }

  function compareCard(a, b) {
    var sa = summarize(a.report.rows), sb = summarize(b.report.rows);
    var variants = sa.map(function (s) { return s.variant; });
    sb.forEach(function (s) { if (variants.indexOf(s.variant) < 0) variants.push(s.variant); });
    variants.sort(variantOrder);
    function find(list, v) { return list.filter(function (s) { return s.variant === v; })[0]; }
    var labels = {};
    [a, b].forEach(function (run) {
      var counts = run.report.diagnosis && run.report.diagnosis.attributionSummary ? run.report.diagnosis.attributionSummary.counts : {};
      Object.keys(counts).forEach(function (l) { if (counts[l] > 0) labels[l] = true; });
    });
    function count(run, label) {
      var d = run.report.diagnosis;
      return d && d.attributionSummary ? d.attributionSummary.counts[label] || 0 : '–';
    }
    return h('div', { class: 'card', 'data-testid': 'compare' },
      h('h2', null, 'Side by side: ', h('code', { text: a.id }), ' vs ', h('code', { text: b.id })),
      h('table', null,
        h('thead', null, h('tr', null, h('th', { text: 'variant' }), h('th', { class: 'num', text: a.id }), h('th', { class: 'num', text: b.id }), h('th', { class: 'num', text: 'Δ' }),
          h('th', { class: 'num', text: 'p50 ' + a.id }), h('th', { class: 'num', text: 'p50 ' + b.id }))),
        h('tbody', null, variants.map(function (v) {
          var x = find(sa, v), y = find(sb, v);
          var delta = x && y ? y.passRate - x.passRate : null;
          return h('tr', null, h('td', { text: v }), h('td', { class: 'num', text: x ? pct(x.passRate) : '–' }), h('td', { class: 'num', text: y ? pct(y.passRate) : '–' }),
            h('td', { class: 'num delta ' + (delta > 0 ? 'up' : delta < 0 ? 'down' : ''), text: delta === null ? '–' : (delta > 0 ? '+' : '') + Math.round(delta * 100) + ' pt' }),
            h('td', { class: 'num', text: x ? ms(x.p50) : '–' }), h('td', { class: 'num', text: y ? ms(y.p50) : '–' }));
        }))
      ),
      Object.keys(labels).length ? h('table', { style: 'margin-top:12px' },
        h('thead', null, h('tr', null, h('th', { text: 'attribution' }), h('th', { class: 'num', text: a.id }), h('th', { class: 'num', text: b.id }))),
        h('tbody', null, Object.keys(labels).map(function (l) { return h('tr', null, h('td', { text: l }), h('td', { class: 'num', text: count(a, l) }), h('td', { class: 'num', text: count(b, l) })); }))
      ) : null
    );
  }

  function variantsCard(stats) {
    return h('div', { class: 'card' },
      h('h2', { text: 'Variants' }),
      h('table', null,
        h('thead', null, h('tr', null, ['variant', 'pass', 'content', 'format', 'grounding', 'recall', 'tokens in/out', 'cost'].map(function (t, i) { return h('th', { class: i > 1 ? 'num' : null, text: t }); }))),
        h('tbody', null, stats.map(function (s) {
          return h('tr', { title: s.model },
            h('td', null, h('strong', { text: s.variant }), s.extractive ? h('div', { class: 'muted', style: 'font-size:11px', text: 'extractive' }) : null),
            h('td', { style: 'white-space:nowrap' }, h('span', { class: 'bar' }, h('i', { style: 'width:' + Math.round(s.passRate * 100) + '%' })), pct(s.passRate) + ' (' + s.passed + '/' + s.cases + ')'),
            h('td', { class: 'num', text: pct(s.kinds.content.rate) }),
            h('td', { class: 'num', text: pct(s.kinds.format.rate) }),
            h('td', { class: 'num', text: pct(s.kinds.grounding.rate) }),
            h('td', { class: 'num', text: s.recall === null ? '–' : s.recall.toFixed(2) }),
            h('td', { class: 'num', text: Math.round(s.promptTokens) + ' / ' + Math.round(s.completionTokens) }),
            h('td', { class: 'num', text: money(s.cost) }));
        }))
      )
    );
  }

  function attributionCard(diagnosis, stats) {
    var body = [];
    if (diagnosis && diagnosis.attributionSummary) {
      var summary = diagnosis.attributionSummary;
      var total = Math.max(1, summary.cases);
      var labels = Object.keys(summary.counts).filter(function (l) { return summary.counts[l] > 0; });
      body.push(h('div', { class: 'labels' }, labels.map(function (label) {
        var n = summary.counts[label];
        return h('div', { class: 'label-row', title: (summary.caseIdsByLabel && summary.caseIdsByLabel[label] || []).join(', ') },
          h('span', { text: label }),
          h('span', { class: 'track' }, h('i', { style: 'width:' + Math.round(100 * n / total) + '%;background:' + (LABEL_COLORS[label] || 'var(--c5)') })),
          h('span', { class: 'num', text: n }));
      })));
    } else {
      body.push(h('p', { class: 'muted', text: 'Per-case labels (knowledge gap, behaviour gap…) appear after knowhow diagnose.' }));
    }
    body.push(h('h3', { text: 'Failing checks per variant' }));
    body.push(h('table', null,
      h('thead', null, h('tr', null, ['variant', 'content', 'format', 'grounding', 'retrieval', 'errors'].map(function (t, i) { return h('th', { class: i ? 'num' : null, text: t }); }))),
      h('tbody', null, stats.map(function (s) {
        function cell(n) { return h('td', { class: 'num' }, n ? h('span', { class: 'dot fail', text: n }) : h('span', { class: 'muted', text: '0' })); }
        return h('tr', null, h('td', { text: s.variant }), cell(s.kinds.content.failed), cell(s.kinds.format.failed), cell(s.kinds.grounding.failed), cell(s.kinds.retrieval.failed),
          h('td', { class: 'num' }, s.errors ? h('span', { class: 'dot error', text: s.errors }) : h('span', { class: 'muted', text: '0' })));
      }))));
    return h('div', { class: 'card', 'data-testid': 'attribution' }, h('h2', { text: 'Failure attribution' }), body);
  }

  function costCard(diagnosis) {
    var costs = diagnosis && diagnosis.costs;
    if (!costs || !costs.curve || costs.curve.length === 0) {
      return h('div', { class: 'card' }, h('h2', { text: 'Cost vs volume' }), h('p', { class: 'muted', text: 'The monthly cost per architecture appears after knowhow diagnose.' }));
    }
    var W = 560, H = 260, L = 56, R = 22, T = 12, B = 34;
    var xs = costs.curve.map(function (p) { return p.queriesPerDay; });
    var minX = Math.log10(Math.min.apply(null, xs)), maxX = Math.log10(Math.max.apply(null, xs));
    var maxY = 0;
    costs.curve.forEach(function (p) { ARCH.forEach(function (a) { if (p.monthlyUsd[a] !== undefined) maxY = Math.max(maxY, p.monthlyUsd[a]); }); });
    var topY = Math.log10(1 + Math.max(maxY, 1));
    function x(q) { return L + (Math.log10(q) - minX) / Math.max(1e-9, maxX - minX) * (W - L - R); }
    function y(v) { return T + (1 - Math.log10(1 + Math.max(0, v)) / topY) * (H - T - B); }
    var chart = svg('svg', { viewBox: '0 0 ' + W + ' ' + H, role: 'img', 'aria-label': 'monthly cost against queries per day' });
    for (var e = Math.ceil(minX); e <= maxX; e++) {
      chart.appendChild(svg('line', { x1: x(Math.pow(10, e)), x2: x(Math.pow(10, e)), y1: T, y2: H - B, stroke: '#eceef3' }));
      chart.appendChild(svg('text', { x: x(Math.pow(10, e)), y: H - B + 16, 'text-anchor': 'middle', text: Math.pow(10, e) >= 1e6 ? Math.pow(10, e) / 1e6 + 'M' : Math.pow(10, e) >= 1000 ? Math.pow(10, e) / 1000 + 'k' : String(Math.pow(10, e)) }));
    }
    [0, 1, 10, 100, 1e3, 1e4, 1e5, 1e6, 1e7].forEach(function (value, i, all) {
      if (value > 0 && all[i - 1] > maxY) return;
      chart.appendChild(svg('line', { x1: L, x2: W - R, y1: y(value), y2: y(value), stroke: '#eceef3' }));
      var label = value >= 1e6 ? value / 1e6 + 'M' : value >= 1e3 ? value / 1e3 + 'k' : String(value);
      chart.appendChild(svg('text', { x: L - 6, y: y(value) + 4, 'text-anchor': 'end', text: (costs.currency === 'USD' ? '$' : '') + label }));
    });
    chart.appendChild(svg('text', { x: (L + W - R) / 2, y: H - 4, 'text-anchor': 'middle', text: 'queries per day (log)' }));
    var legend = [];
    ARCH.forEach(function (arch, i) {
      var points = costs.curve.filter(function (p) { return p.monthlyUsd[arch] !== undefined; });
      if (points.length === 0) return;
      var color = COLORS[i];
      chart.appendChild(svg('polyline', { fill: 'none', stroke: color, 'stroke-width': 2.2, points: points.map(function (p) { return x(p.queriesPerDay).toFixed(1) + ',' + y(p.monthlyUsd[arch]).toFixed(1); }).join(' ') }));
      var basis = costs.architectures && costs.architectures[arch] ? costs.architectures[arch].basis : '';
      legend.push(h('span', { style: '--swatch:' + color, text: ARCH_LABEL[arch] + (basis && basis !== 'measured' ? ' (' + basis + ')' : '') }));
    });
    if (costs.queriesPerDay > 0) {
      var qx = x(Math.min(Math.max(costs.queriesPerDay, Math.pow(10, minX)), Math.pow(10, maxX)));
      chart.appendChild(svg('line', { x1: qx, x2: qx, y1: T, y2: H - B, stroke: '#11152a', 'stroke-dasharray': '4 3' }));
      chart.appendChild(svg('text', { x: qx + 4, y: T + 10, text: 'your volume: ' + costs.queriesPerDay + '/day' }));
    }
    (costs.breakEvens || []).forEach(function (b) {
      if (b.queriesPerDay < Math.pow(10, minX) || b.queriesPerDay > Math.pow(10, maxX)) return;
      var c = svg('circle', { cx: x(b.queriesPerDay), cy: y(b.monthlyUsd), r: 5, fill: '#fff', stroke: '#11152a', 'stroke-width': 2 });
      c.appendChild(svg('title', { text: 'break-even ' + ARCH_LABEL[b.between[0]] + ' / ' + ARCH_LABEL[b.between[1]] + ' at ' + Math.round(b.queriesPerDay) + ' queries/day (' + money(b.monthlyUsd, costs.currency) + '/month)' }));
      chart.appendChild(c);
    });
    var evens = (costs.breakEvens || []).map(function (b) {
      return h('li', { text: ARCH_LABEL[b.cheaperBelow] + ' is cheaper below ' + Math.round(b.queriesPerDay).toLocaleString() + ' queries/day, ' + ARCH_LABEL[b.cheaperAbove] + ' above (' + money(b.monthlyUsd, costs.currency) + '/month at the crossing)' });
    });
    var table = h('table', null,
      h('thead', null, h('tr', null, h('th', { text: 'architecture' }), h('th', { class: 'num', text: 'per month' }), h('th', { class: 'num', text: 'per query' }), h('th', { class: 'num', text: 'p50' }))),
      h('tbody', null, ARCH.filter(function (a) { return costs.architectures && costs.architectures[a] && costs.architectures[a].basis !== 'missing'; }).map(function (a) {
        var cost = costs.architectures[a];
        return h('tr', null, h('td', null, h('span', { class: 'swatch', style: '--swatch:' + COLORS[ARCH.indexOf(a)] }), ARCH_LABEL[a], cost.basis !== 'measured' ? h('span', { class: 'muted', text: ' (' + cost.basis + ')' }) : null),
          h('td', { class: 'num', text: money(cost.monthly.total, costs.currency) }),
          h('td', { class: 'num', text: money(cost.perQuery.usd, costs.currency) }),
          h('td', { class: 'num', text: cost.latency ? ms(cost.latency.p50Ms) : '–' }));
      })));
    return h('div', { class: 'card', 'data-testid': 'cost-chart' },
      h('h2', { text: 'Cost vs volume (monthly, at ' + costs.queriesPerDay.toLocaleString() + ' queries/day)' }),
      h('div', { class: 'cost-layout' },
        h('div', null, chart, h('div', { class: 'legend' }, legend)),
        h('div', null, table, evens.length ? h('ul', { class: 'notes' }, evens) : h('p', { class: 'muted', style: 'font-size:12px', text: 'No break-even inside this range.' }),
          costs.pricesAsOf && costs.pricesAsOf.length ? h('p', { class: 'muted', style: 'font-size:12px', text: 'Prices as of ' + costs.pricesAsOf.join(', ') + '.' }) : null)));
  }

  function latencyCard(stats) {
    var shown = stats.filter(function (s) { return s.p50 !== null; });
    if (shown.length === 0) return h('div', { class: 'card' }, h('h2', { text: 'Latency per variant' }), h('p', { class: 'muted', text: 'No live (uncached) rows to time.' }));
    var W = 560, rowH = 30, L = 80, R = 130, T = 6;
    var H = T + shown.length * rowH + 8;
    var max = Math.max.apply(null, shown.map(function (s) { return s.p95 || s.p50; })) || 1;
    var chart = svg('svg', { viewBox: '0 0 ' + W + ' ' + H, role: 'img', 'aria-label': 'latency per variant' });
    shown.forEach(function (s, i) {
      var y0 = T + i * rowH;
      var scale = function (v) { return (W - L - R) * v / max; };
      chart.appendChild(svg('text', { x: L - 8, y: y0 + 17, 'text-anchor': 'end', text: s.variant }));
      chart.appendChild(svg('rect', { x: L, y: y0 + 6, width: Math.max(1, scale(s.p95 || s.p50)), height: 14, rx: 3, fill: '#c7d2fe' }));
      chart.appendChild(svg('rect', { x: L, y: y0 + 6, width: Math.max(1, scale(s.p50)), height: 14, rx: 3, fill: 'var(--accent)' }));
      chart.appendChild(svg('text', { x: L + scale(s.p95 || s.p50) + 6, y: y0 + 17, text: ms(s.p50) + ' / ' + ms(s.p95) }));
    });
    return h('div', { class: 'card', 'data-testid': 'latency-chart' }, h('h2', { text: 'Latency per variant' }), chart,
      h('div', { class: 'legend' }, h('span', { style: '--swatch:var(--accent)', text: 'p50' }), h('span', { style: '--swatch:#c7d2fe', text: 'p95' })));
  }

  function casesCard(report, diagnosis) {
    var byCase = {};
    var order = [];
    report.rows.forEach(function (row) {
      if (!byCase[row.caseId]) { byCase[row.caseId] = []; order.push(row.caseId); }
      byCase[row.caseId].push(row);
    });
    var labels = {};
    if (diagnosis && diagnosis.attributions) diagnosis.attributions.forEach(function (a) { labels[a.caseId] = a; });
    return h('div', { class: 'card' },
      h('h2', { text: 'Cases (' + order.length + ')' }),
      h('table', null,
        h('thead', null, h('tr', null, h('th', { text: 'case' }), h('th', { text: 'question' }), h('th', { text: 'attribution' }), h('th', { text: 'variants' }))),
        h('tbody', null, order.map(function (caseId) {
          var rows = byCase[caseId].slice().sort(function (a, b) { return variantOrder(a.variant, b.variant); });
          var label = labels[caseId];
          return h('tr', { class: 'case', 'data-testid': 'case-row', 'data-case': caseId, on: { click: function () { openCase(caseId); } } },
            h('td', null, h('code', { text: caseId })),
            h('td', { text: rows[0].question }),
            h('td', null, label ? h('span', { class: 'badge', style: 'background:#f0f1f4;color:' + (LABEL_COLORS[label.label] || 'var(--ink)'), text: label.label }) : h('span', { class: 'muted', text: '–' })),
            h('td', null, h('div', { class: 'dots' }, rows.map(function (r) {
              return h('span', { class: 'dot ' + (r.error ? 'error' : r.passed ? 'pass' : 'fail'), title: r.variant + ': ' + (r.error ? 'error' : r.passed ? 'pass' : 'fail'), text: r.variant });
            }))));
        }))
      )
    );
  }

  function renderAnswer(text) {
    var node = h('div', { class: 'answer' });
    String(text || '').split(/(\[\d+\])/).forEach(function (part) {
      if (/^\[\d+\]$/.test(part)) node.appendChild(h('span', { class: 'marker', text: part }));
      else if (part) node.appendChild(document.createTextNode(part));
    });
    return node;
  }

  function feedbackControls(payload) {
    var status = h('span', { class: 'status', 'data-testid': 'feedback-status' });
    var box = h('div', { class: 'feedback' });
    var buttons = [];
    async function send(rating, extra) {
      buttons.forEach(function (b) { b.disabled = true; });
      status.textContent = 'Sending…';
      try {
        await api('/v1/feedback', { json: Object.assign({ rating: rating }, payload, extra || {}) });
        status.textContent = rating === 'up' ? 'Thanks: marked as a good answer.' : extra && extra.correctedAnswer ? 'Thanks: correction recorded.' : 'Thanks: marked as a bad answer.';
      } catch (error) {
        status.textContent = error.message;
        status.className = 'status error';
        buttons.forEach(function (b) { b.disabled = false; });
      }
    }
    var up = h('button', { 'data-testid': 'feedback-up', title: 'Good answer', on: { click: function () { send('up'); } } }, '✓ Good');
    var down = h('button', { 'data-testid': 'feedback-down', title: 'Bad answer', on: { click: function () { send('down'); } } }, '✗ Bad');
    var correct = h('button', { 'data-testid': 'feedback-correct', on: { click: function () {
      var area = h('textarea', { placeholder: 'The correct answer…', 'data-testid': 'feedback-text' });
      area.value = payload.answer || '';
      var submit = h('button', { class: 'primary', 'data-testid': 'feedback-submit', on: { click: function () {
        if (area.value.trim()) send('down', { correctedAnswer: area.value.trim() });
      } } }, 'Submit correction');
      buttons.push(submit);
      box.appendChild(area);
      box.appendChild(submit);
      correct.disabled = true;
    } } }, '✎ Correct it');
    buttons.push(up, down, correct);
    append(box, [up, down, correct, status]);
    return box;
  }

  function openCase(caseId) {
    var report = state.run.report;
    var rows = report.rows.filter(function (r) { return r.caseId === caseId; }).sort(function (a, b) { return variantOrder(a.variant, b.variant); });
    var testCase = (report.cases || []).filter(function (c) { return c.id === caseId; })[0];
    var attribution = report.diagnosis && report.diagnosis.attributions ? report.diagnosis.attributions.filter(function (a) { return a.caseId === caseId; })[0] : null;
    var chunks = report.chunks || {};
    var body = $('drawer-body');
    fill(body, 
      h('h2', { style: 'font-size:18px;padding-right:40px' }, h('code', { text: caseId }), ' ', rows[0] ? rows[0].question : ''),
      testCase ? h('div', { class: 'card', style: 'margin-bottom:12px' },
        testCase.answer ? h('div', null, h('strong', { text: 'Reference: ' }), testCase.answer) : null,
        testCase.facts && testCase.facts.length ? h('div', { class: 'muted', text: 'Facts: ' + testCase.facts.join(' · ') }) : null,
        testCase.sources && testCase.sources.length ? h('div', { class: 'muted', text: 'Sources: ' + testCase.sources.join(', ') }) : null,
        testCase.user && testCase.user.groups && testCase.user.groups.length ? h('div', { class: 'muted', text: 'Asked as: ' + testCase.user.groups.join(', ') }) : null
      ) : null,
      attribution ? h('div', { class: 'recommend', style: 'margin-bottom:12px' }, h('strong', { text: attribution.label }), ' — ', attribution.explanation) : null,
      rows.map(function (row) {
        var cited = {};
        (row.citations || []).forEach(function (c) { if (c.valid) cited[c.chunkId] = c.marker; });
        var ids = [];
        (row.retrievedIds || []).concat(row.contextIds || []).forEach(function (id) { if (ids.indexOf(id) < 0) ids.push(id); });
        return h('div', { class: 'variant-block', 'data-testid': 'variant-' + row.variant },
          h('header', null,
            h('strong', { text: row.variant }),
            h('span', { class: 'badge ' + (row.error ? 'fail' : row.passed ? 'pass' : 'fail'), text: row.error ? 'error' : row.passed ? 'pass' : 'fail' }),
            h('span', { class: 'model', text: row.model + ' · ' + ms(row.latencyMs) + ' · ' + row.usage.promptTokens + '+' + row.usage.completionTokens + ' tokens' + (row.cached ? ' · cached' : '') })),
          row.error ? h('p', { class: 'error', text: row.error.code + ': ' + row.error.message }) : renderAnswer(row.answer),
          (row.checks || []).length ? h('ul', { class: 'checks' }, row.checks.map(function (c) {
            return h('li', null, h('span', { class: 'dot ' + (c.verdict === 'pass' ? 'pass' : c.verdict === 'fail' ? 'fail' : ''), text: c.verdict }),
              h('span', { text: c.kind + ' · ' + c.name + (typeof c.score === 'number' ? ' ' + c.score.toFixed(2) : '') }), h('span', { class: 'muted', text: c.reason }));
          })) : null,
          (row.citations || []).length ? h('div', { class: 'muted', style: 'margin-top:8px;font-size:12px', text: 'Citations: ' + row.citations.map(function (c) {
            var chunk = chunks[c.chunkId];
            return '[' + c.marker + '] ' + (c.valid ? (chunk ? chunk.title : c.chunkId) : 'invalid');
          }).join(' · ') }) : null,
          ids.length ? h('div', { class: 'chunks' }, h('h3', { text: 'Retrieved / given passages' }), ids.map(function (id) {
            var chunk = chunks[id];
            var marker = cited[id];
            return h('details', { class: marker ? 'cited' : null },
              h('summary', null, marker ? h('span', { class: 'marker', text: '[' + marker + '] ' }) : null,
                chunk ? place(chunk.title, chunk.headingPath) : '', ' ', h('code', { text: id })),
              chunk ? h('pre', { text: chunk.text }) : h('p', { class: 'muted', text: 'Passage text is in report.json after knowhow diagnose.' }));
          })) : null,
          row.error ? null : feedbackControls({ question: row.question, answer: row.answer, runId: state.run.id, caseId: row.caseId, model: row.model,
            citedChunkIds: (row.citations || []).filter(function (c) { return c.valid; }).map(function (c) { return c.chunkId; }) })
        );
      })
    );
    $('drawer').hidden = false;
  }

  async function showReport(id) {
    var slot = $('report-slot');
    fill(slot, h('div', { class: 'card muted', text: 'Loading report…' }));
    try {
      var html = await api('/v1/runs/' + encodeURIComponent(id) + '/report.html');
      var frame = h('iframe', { class: 'report-frame', sandbox: 'allow-scripts', title: 'report ' + id });
      frame.srcdoc = html;
      fill(slot, h('div', { class: 'card' }, h('h2', { text: 'Full report' }), frame));
      slot.scrollIntoView({ behavior: 'smooth' });
    } catch (error) {
      fill(slot, h('div', { class: 'card error', text: error.message }));
    }
  }

  // ---------- ask ----------
  async function loadModels() {
    try {
      var result = await api('/v1/models');
      state.models = result.data;
      fill($('ask-model'), result.data.map(function (m) {
        return h('option', { value: m.id, text: m.id + ' — ' + (m.knowhow ? m.knowhow.model : '') });
      }));
    } catch (error) {
      showAskError(error);
    }
  }
  function showAskError(error) { var node = $('ask-error'); node.textContent = error.message; node.hidden = false; }

  async function ask(event) {
    event.preventDefault();
    var question = $('ask-question').value.trim();
    if (!question) return;
    var model = $('ask-model').value || 'rag';
    $('ask-submit').disabled = true;
    $('ask-error').hidden = true;
    try {
      var result = await api('/v1/chat/completions', { json: { model: model, messages: [{ role: 'user', content: question }] } });
      var answer = result.choices[0].message.content;
      var meta = result.knowhow || {};
      $('ask-meta').textContent = model + ' · ' + (meta.model || '') + (meta.extractive ? ' · extractive (quoted from the sources)' : '') +
        ' · retrieval ' + ms(meta.retrieval_ms) + ' · ' + result.usage.total_tokens + ' tokens';
      $('ask-answer').replaceWith(Object.assign(renderAnswer(answer), { id: 'ask-answer' }));
      var sources = $('ask-sources');
      fill(sources, (result.citations || []).map(function (c) {
        return h('li', { 'data-testid': 'source' }, h('span', { class: 'n', text: '[' + c.marker + ']' }),
          place(c.title, c.heading_path),
          h('span', { class: 'doc', text: c.document_id }));
      }));
      if (!result.citations || result.citations.length === 0) sources.appendChild(h('li', { class: 'muted', text: 'No sources cited.' }));
      $('ask-feedback').replaceWith(Object.assign(feedbackControls({ question: question, answer: answer, model: model,
        citedChunkIds: (result.citations || []).map(function (c) { return c.chunk_id; }) }), { id: 'ask-feedback' }));
      $('ask-result').hidden = false;
    } catch (error) {
      showAskError(error);
    } finally {
      $('ask-submit').disabled = false;
    }
  }

  // ---------- search ----------
  /** The snippet as text nodes, its highlights (the words BM25 matched) in <mark>. */
  function renderSnippet(snippet) {
    var parts = [];
    var at = 0;
    (snippet.highlights || []).forEach(function (range) {
      parts.push(snippet.text.slice(at, range.start), h('mark', { text: snippet.text.slice(range.start, range.end) }));
      at = range.end;
    });
    parts.push(snippet.text.slice(at));
    return h('p', { class: 'snippet' }, parts);
  }

  async function search(event) {
    event.preventDefault();
    var query = $('search-query').value.trim();
    if (!query) return;
    $('search-submit').disabled = true;
    $('search-error').hidden = true;
    try {
      var result = await api('/v1/search', { json: { query: query, k: 10 } });
      $('search-meta').textContent = result.data.length + ' passage' + (result.data.length === 1 ? '' : 's') + ' · ' +
        result.mode + (result.reranked ? ' + rerank' : '') + ' · ' + ms(result.retrieval_ms) + ' · only what your key may read';
      fill($('search-results'), result.data.length ? result.data.map(function (hit) {
        return h('li', { 'data-testid': 'search-hit' },
          h('div', { class: 'hit-head' }, place(hit.title, hit.heading_path),
            h('span', { class: 'doc', text: hit.document_id }), h('span', { class: 'score', text: 'score ' + hit.score.toFixed(2) })),
          renderSnippet(hit.snippet || { text: hit.text, highlights: [] }));
      }) : h('li', { class: 'muted', text: 'No passages found.' }));
    } catch (error) {
      var node = $('search-error'); node.textContent = error.message; node.hidden = false;
    } finally {
      $('search-submit').disabled = false;
    }
  }

  // ---------- shell ----------
  function showKeyForm(show) { $('key-form').hidden = !show; }
  function describeAccess() {
    $('access').textContent = settings.keysRequired ? (key() ? 'key set' : 'API key required') : 'local mode: no keys configured, loopback only';
  }
  function switchTab(name) {
    document.querySelectorAll('.tab').forEach(function (t) { t.classList.toggle('active', t.getAttribute('data-tab') === name); });
    $('tab-runs').hidden = name !== 'runs';
    $('tab-ask').hidden = name !== 'ask';
    $('tab-search').hidden = name !== 'search';
    if (name === 'ask') $('ask-question').focus();
    if (name === 'search') $('search-query').focus();
  }
  function start() {
    describeAccess();
    showKeyForm(settings.keysRequired && !key());
    $('key-form').addEventListener('submit', function (event) {
      event.preventDefault();
      sessionStorage.setItem('knowhow.key', $('key-input').value.trim());
      $('key-input').value = '';
      showKeyForm(false);
      describeAccess();
      loadRuns();
      loadModels();
    });
    document.querySelectorAll('.tab').forEach(function (t) { t.addEventListener('click', function () { switchTab(t.getAttribute('data-tab')); }); });
    $('compare-select').addEventListener('change', function () { if (state.run) openRun(state.run.id); });
    $('drawer-close').addEventListener('click', function () { $('drawer').hidden = true; });
    $('drawer').addEventListener('click', function (event) { if (event.target === $('drawer')) $('drawer').hidden = true; });
    document.addEventListener('keydown', function (event) { if (event.key === 'Escape') $('drawer').hidden = true; });
    $('ask-form').addEventListener('submit', ask);
    $('search-form').addEventListener('submit', search);
    if (!settings.keysRequired || key()) { loadRuns(); loadModels(); }
  }
  start();
})();
`;
