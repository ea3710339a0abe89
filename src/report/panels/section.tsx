import type { Child } from 'hono/jsx';

/** One card of the run view: its id is the report's navigation anchor. */
export function Section(props: { id: string; heading: string; lead?: string; children?: Child }) {
  return (
    <section class="card" id={props.id} aria-labelledby={`${props.id}-heading`}>
      <h2 id={`${props.id}-heading`}>{props.heading}</h2>
      {props.lead ? <p class="lead">{props.lead}</p> : null}
      {props.children}
    </section>
  );
}

/** Charts keep a legible minimum width; a narrow screen scrolls them sideways instead of shrinking the text. */
export function ChartScroll(props: { children?: Child }) {
  return <div class="chart-scroll">{props.children}</div>;
}
