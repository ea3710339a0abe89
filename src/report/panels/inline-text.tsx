/** Text with `backticked` spans (commands in the decide stage's sentences) shown as code; the rest stays text. */
export function InlineText(props: { text: string }) {
  const parts = props.text.split(/`([^`]+)`/);
  return <>{parts.map((part, index) => (index % 2 === 1 ? <code>{part}</code> : part))}</>;
}
