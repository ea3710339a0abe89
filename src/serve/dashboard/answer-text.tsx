/** A served answer with its citation markers ([1], [2]…) picked out; everything else stays text. */
export function AnswerText(props: { text: string; id?: string }) {
  const parts = props.text.split(/(\[\d+\])/).filter(Boolean);
  return (
    <div class="answer" id={props.id}>
      {parts.map((part) => (/^\[\d+\]$/.test(part) ? <span class="marker">{part}</span> : part))}
    </div>
  );
}

/** "Title › Heading › Sub", without repeating a top heading that is the title itself. */
export function formatPlace(title: string, headings: readonly string[]): string {
  const path = headings[0] === title ? headings.slice(1) : headings;
  return [title, ...path].join(' › ');
}
