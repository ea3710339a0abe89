import { gapLabels } from '../decide/index.js';
import { rowOutcomes } from './classify-row-outcome.js';
import { architectureColors, labelColors, outcomeColors } from './report-palette.js';

const baseStyles = `
:root{color-scheme:light;--ink:#1c2430;--muted:#5b6675;--line:#d9dee5;--soft:#f4f6f9;--card:#fff;--accent:#1f4e8c;--pass:#2e7d32;--fail:#c62828;--warn:#b45309;
font-family:system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif;font-size:15px;line-height:1.5;color:var(--ink);background:#eef1f5}
*{box-sizing:border-box}
body{margin:0}
a{color:var(--accent)}
code{background:var(--soft);border:1px solid var(--line);border-radius:4px;padding:0 4px}
code,pre,.mono{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,"Liberation Mono",monospace;font-size:.86em}
.page{max-width:1240px;margin:0 auto;padding:24px 20px 48px}
.page-header{background:var(--card);border:1px solid var(--line);border-radius:10px;padding:20px 24px;margin-bottom:16px}
.brand{font-size:.8rem;letter-spacing:.08em;text-transform:uppercase;color:var(--muted)}
h1{font-size:1.7rem;margin:.1em 0 .4em;word-break:break-word}
h2{font-size:1.2rem;margin:0 0 .7em}
h3{font-size:1rem;margin:1.2em 0 .4em}
h4{font-size:.92rem;margin:.9em 0 .3em;color:var(--muted);text-transform:uppercase;letter-spacing:.04em}
.meta{display:flex;flex-wrap:wrap;gap:6px 22px;margin:0}
.meta div{display:flex;gap:6px}
.meta dt{color:var(--muted)}
.meta dd{margin:0;font-weight:600;overflow-wrap:anywhere}
.models{display:flex;flex-wrap:wrap;gap:6px;margin:10px 0 0;padding:0;list-style:none}
.models li{background:var(--soft);border:1px solid var(--line);border-radius:999px;padding:1px 10px;font-size:.85rem}
.notes{margin:12px 0 0;padding:10px 14px;background:#fff8e6;border:1px solid #f0d9a8;border-radius:8px;list-style:none}
.notes li+li{margin-top:4px}
.skipped{margin:10px 0 0;padding:0;list-style:none;color:var(--muted);font-size:.92rem}
.toc{display:flex;flex-wrap:wrap;gap:6px 16px;margin:0 0 16px;padding:0 4px;font-size:.92rem}
.card{background:var(--card);border:1px solid var(--line);border-radius:10px;padding:20px 24px;margin-bottom:16px;min-width:0}
.lead{color:var(--muted);margin:-.4em 0 1em;font-size:.92rem}
.recommendation{border-top:5px solid var(--accent)}
.eyebrow{margin:0;color:var(--muted);font-size:.9rem}
.architecture{font-size:2.6rem;font-weight:750;line-height:1.1;margin:.1em 0 .25em;color:var(--accent)}
.basis{display:inline-block;border-radius:999px;padding:0 9px;font-size:.8rem;font-weight:600;border:1px solid currentColor}
.basis-measured{color:var(--pass)}
.basis-guessed{color:var(--warn)}
.ladder{display:flex;flex-wrap:wrap;gap:6px;margin:8px 0 12px;padding:0;list-style:none;align-items:center}
.ladder li{border:1px solid var(--line);border-radius:8px;padding:4px 10px;background:var(--soft);font-size:.9rem}
.ladder li.current{background:var(--accent);border-color:var(--accent);color:#fff;font-weight:650}
.ladder li.excluded{text-decoration:line-through;color:var(--muted)}
.ladder .score{opacity:.8;font-size:.8em;margin-left:4px}
.ladder .arrow{border:0;background:none;padding:0;color:var(--muted)}
.start-simple{color:var(--muted);font-size:.92rem;margin:0}
.reasons{margin:0;padding-left:1.4em}
.reasons li{margin:.35em 0}
.number{display:inline-block;font-weight:700;background:#e8eef7;color:#17386a;border-radius:6px;padding:0 7px;margin-right:6px;white-space:nowrap}
.weight{color:var(--muted);font-size:.85em;white-space:nowrap}
.table-scroll{overflow-x:auto;position:relative;-webkit-overflow-scrolling:touch}
table{border-collapse:collapse;width:100%;font-size:.9rem}
th,td{text-align:left;padding:6px 9px;border-bottom:1px solid var(--line);vertical-align:top}
th{font-size:.78rem;text-transform:uppercase;letter-spacing:.04em;color:var(--muted);background:var(--soft);white-space:nowrap}
tbody th{text-transform:none;letter-spacing:0;font-size:.9rem;color:var(--ink);background:none;font-weight:650}
td.num,th.num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
.chart-scroll{overflow-x:auto;position:relative}
.chart{display:block;width:100%;height:auto;max-width:960px;min-width:600px;font-size:12px}
.chart text{fill:var(--ink)}
.chart .grid{stroke:#e6e9ee;stroke-width:1}
.chart .axis{stroke:#8a94a3;stroke-width:1}
.chart .tick,.chart .chart-note{fill:var(--muted);font-size:11px}
.chart .axis-title{fill:var(--muted);font-size:12px}
.chart .axis-label{font-size:12.5px;font-weight:600}
.chart .chart-caption{font-size:12px;fill:var(--muted)}
.chart .bar-count{fill:#fff;font-size:11px;font-weight:700;pointer-events:none}
.chart .empty-bar{fill:var(--soft);stroke:var(--line)}
.chart .volume-line{stroke:#1c2430;stroke-width:1.2;stroke-dasharray:4 3}
.chart .volume-label{font-size:11.5px;font-weight:600}
.chart .break-even{fill:#fff;stroke:#1c2430;stroke-width:2}
.chart .break-even-leader{stroke:#1c2430;stroke-width:1}
.chart .break-even-badge{fill:#1c2430}
.chart .chart-number,.chart .break-even-number{fill:#fff;font-size:11px;font-weight:700}
.chart .latency-box{fill:#dbe6f5;stroke:#5b7fb3;stroke-width:1}
.chart .latency-median{stroke:#17386a;stroke-width:2.5}
.chart .latency-p95{stroke:#c62828;stroke-width:2}
.chart .latency-p95-label{fill:#c62828;font-size:10px}
.chart .latency-point{fill:#1f4e8c;fill-opacity:.55;stroke:#fff;stroke-width:.6}
.legend{display:flex;flex-wrap:wrap;gap:6px 14px;margin:10px 0 0;padding:0;list-style:none;font-size:.88rem}
.legend li{display:flex;align-items:center;gap:6px}
.swatch{display:inline-block;width:12px;height:12px;border-radius:3px}
.line-swatch{display:inline-block;width:28px;height:10px}
.legend button{font:inherit;background:none;border:1px solid transparent;border-radius:6px;padding:1px 6px;cursor:pointer;display:flex;align-items:center;gap:6px;color:inherit}
.legend button:hover,.legend button:focus-visible{border-color:var(--line);background:var(--soft)}
.legend .count{font-weight:700}
.chart-notes{color:var(--muted);font-size:.88rem;margin:8px 0 0}
.break-evens{margin:10px 0 16px;padding-left:1.6em}
.break-evens li{margin:.2em 0}
.assumptions{margin-top:12px;font-size:.88rem;color:var(--muted)}
.assumptions summary{cursor:pointer;color:var(--ink)}
.label-chip{display:inline-block;border-radius:999px;padding:0 8px;font-size:.8rem;font-weight:650;color:#fff;white-space:nowrap}
.tag{display:inline-block;background:var(--soft);border:1px solid var(--line);border-radius:4px;padding:0 5px;margin:0 3px 3px 0;font-size:.78rem;white-space:nowrap}
.case-tools{display:flex;flex-wrap:wrap;gap:8px 12px;align-items:center;margin-bottom:10px}
.case-tools input,.case-tools select{font:inherit;padding:5px 9px;border:1px solid #b9c1cc;border-radius:6px;background:#fff;color:inherit}
.case-tools input{min-width:240px;flex:1 1 240px;max-width:420px}
.case-count{color:var(--muted);font-size:.9rem}
.cases td.question{max-width:420px}
.cases tr.case-row{cursor:pointer}
.cases tr.case-row:hover td{background:#f7f9fc}
.cases tr.case-row.open td{background:#eef3fb}
.case-toggle{font:inherit;font-weight:650;color:var(--accent);background:none;border:0;padding:0;cursor:pointer;text-align:left;white-space:nowrap}
.case-toggle::before{content:"▸ ";color:var(--muted)}
.case-toggle[aria-expanded="true"]::before{content:"▾ "}
.case-toggle:focus-visible{outline:2px solid var(--accent);outline-offset:2px;border-radius:3px}
td.verdict{text-align:center;font-weight:700;width:1%;white-space:nowrap}
.v-pass{color:var(--pass)}
.v-fail{color:var(--fail)}
.v-error{color:#37474f}
.v-missing{color:#9aa3ae}
tr.detail-row>td{background:#fbfcfe;padding:0 0 4px;border-bottom:2px solid #b9c7dc}
.drill{padding:14px 18px 18px;position:sticky;left:0;max-width:calc(100vw - 108px)}
.drill-question{font-size:1.08rem;margin:0 0 8px;white-space:pre-wrap;word-break:break-word}
.drill dl{display:grid;grid-template-columns:max-content 1fr;gap:4px 14px;margin:0}
.drill dt{color:var(--muted);font-size:.88rem}
.drill dd{margin:0;word-break:break-word;white-space:pre-wrap}
.drill .explanation{margin:6px 0}
.evidence{margin:4px 0 0;padding-left:1.2em;font-size:.88rem;color:var(--muted)}
.variant-cards{display:grid;grid-template-columns:minmax(0,1fr);gap:12px;margin-top:10px}
.variant-body{display:grid;grid-template-columns:minmax(0,1fr) minmax(0,1fr);gap:0 20px}
.variant-body h4:first-child{margin-top:.6em}
.variant-card{border:1px solid var(--line);border-radius:8px;background:#fff;padding:10px 12px;min-width:0}
.variant-card.failed{border-left:4px solid var(--fail)}
.variant-card.passed{border-left:4px solid var(--pass)}
.variant-card.errored{border-left:4px solid #546e7a}
.variant-head{display:flex;flex-wrap:wrap;align-items:baseline;gap:4px 10px}
.variant-head strong{font-size:1rem}
.variant-meta{color:var(--muted);font-size:.82rem;overflow-wrap:anywhere}
.badge{display:inline-block;border-radius:4px;padding:0 6px;font-size:.75rem;font-weight:700;text-transform:uppercase;letter-spacing:.03em}
.badge-pass{background:#e3f1e4;color:#1b5e20}
.badge-fail{background:#fbe4e4;color:#a31515}
.badge-skipped{background:#eceff1;color:#455a64}
.badge-error{background:#546e7a;color:#fff}
.badge-invalid{background:#a31515;color:#fff}
.badge-info{background:#e8eef7;color:#17386a}
pre.answer{white-space:pre-wrap;word-break:break-word;background:var(--soft);border:1px solid var(--line);border-radius:6px;padding:8px 10px;margin:6px 0;max-height:320px;overflow:auto}
.checks{font-size:.84rem}
.checks td{padding:4px 6px}
.checks .kind{display:block;color:var(--muted);font-size:.78rem}
.checks td:nth-child(2){white-space:nowrap}
.chunks{list-style:none;margin:0;padding:0}
.chunks li{border-top:1px dashed var(--line);padding:6px 0;font-size:.85rem}
.chunk-title{font-weight:650;word-break:break-word}
.chunk-meta{color:var(--muted);font-size:.8rem;overflow-wrap:anywhere}
.chunk-text{white-space:pre-wrap;word-break:break-word;margin:4px 0 0;padding-left:8px;border-left:3px solid var(--line);color:#333c48}
.citations{margin:0;padding-left:1.1em;font-size:.85rem}
.empty{color:var(--muted);font-style:italic}
.sr-only{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}
footer{color:var(--muted);font-size:.82rem;text-align:center;margin-top:24px}
@media (max-width:900px){.variant-body{grid-template-columns:minmax(0,1fr)}}
@media (max-width:640px){
.page{padding:12px 10px 32px}
.card,.page-header{padding:14px}
.drill{max-width:calc(100vw - 52px);padding:12px 8px 14px}
.architecture{font-size:2rem}
.variant-body{grid-template-columns:minmax(0,1fr)}
.cases td.question{min-width:200px}
}
@media print{body{background:#fff}.case-tools{display:none}}
`;

/** The page's CSS: fixed rules plus one colour class per label, outcome and architecture from the palette. */
export function renderReportStyles(): string {
  const generated = [
    ...gapLabels.map((label) => `.label-${label}{background:${labelColors[label]}}`),
    ...rowOutcomes.map((outcome) => `.outcome-${outcome}{background:${outcomeColors[outcome]}}`),
    ...Object.entries(architectureColors).map(
      ([architecture, color]) => `.architecture-${architecture}{border-top:3px solid ${color}}`,
    ),
  ];
  return `${baseStyles.trim()}\n${generated.join('\n')}`;
}
