import { architectureLabels, architectures, type Diagnosis } from '../../decide/index.js';
import { capitalize, formatCount } from '../format-values.js';
import type { RunView } from '../run-view.js';
import { InlineText } from './inline-text.js';

/** The architecture to build, the start-simple ladder with its scores, and the reasons with their numbers. */
export function RecommendationPanel(props: { view: RunView }) {
  const diagnosis = props.view.diagnosis;
  if (!diagnosis) {
    return (
      <section class="card recommendation" id="recommendation" aria-labelledby="recommendation-heading">
        <p class="eyebrow">
          <span id="recommendation-heading">Recommendation</span>
        </p>
        <p class="empty">
          <InlineText text="No diagnosis for this run yet: `knowhow diagnose` adds attribution, costs and the recommendation." />
        </p>
      </section>
    );
  }
  const recommendation = diagnosis.recommendation;
  return (
    <section class="card recommendation" id="recommendation" aria-labelledby="recommendation-heading">
      <p class="eyebrow">
        <span id="recommendation-heading">Recommendation</span> · <Basis diagnosis={diagnosis} />
      </p>
      <p class="architecture" data-architecture={recommendation.architecture}>
        {capitalize(architectureLabels[recommendation.architecture])}
      </p>
      <Ladder diagnosis={diagnosis} />
      <p class="start-simple">
        <InlineText text={recommendation.startSimple} />
      </p>
      <h3>Why</h3>
      {recommendation.reasons.length > 0 ? (
        <ol class="reasons">
          {recommendation.reasons.map((reason) => (
            <li>
              {reason.number ? <span class="number">{reason.number}</span> : null}
              <InlineText text={reason.statement} />{' '}
              <span class="weight">
                +{String(reason.weight)} →{' '}
                {reason.favours.map((architecture) => architectureLabels[architecture]).join(', ')}
              </span>
            </li>
          ))}
        </ol>
      ) : (
        <p class="empty">No reasons recorded.</p>
      )}
      {recommendation.excluded.length > 0 ? (
        <>
          <h3>Ruled out</h3>
          <TextList
            items={recommendation.excluded.map(
              (entry) => `${architectureLabels[entry.architecture]} (${entry.factor}): ${entry.why}`,
            )}
          />
        </>
      ) : null}
      <h3>Risks</h3>
      <TextList items={recommendation.risks} />
      <h3>Next steps</h3>
      <TextList items={recommendation.nextSteps} ordered />
    </section>
  );
}

function Basis(props: { diagnosis: Diagnosis }) {
  return props.diagnosis.recommendation.basis === 'measured' ? (
    <span class="basis basis-measured">
      {props.diagnosis.attributionSummary.extractiveCases > 0
        ? 'retrieval measured (extractive answerer)'
        : 'measured'}{' '}
      on {formatCount(props.diagnosis.attributionSummary.cases)} cases
    </span>
  ) : (
    <span class="basis basis-guessed">guessed: no attributed cases</span>
  );
}

function Ladder(props: { diagnosis: Diagnosis }) {
  const recommendation = props.diagnosis.recommendation;
  return (
    <ol class="ladder" aria-label="Start-simple ladder with scores">
      {architectures.map((architecture, index) => {
        const excluded = recommendation.excluded.some((entry) => entry.architecture === architecture);
        const classes = [
          architecture === recommendation.architecture ? 'current' : '',
          excluded ? 'excluded' : '',
        ]
          .filter(Boolean)
          .join(' ');
        return (
          <>
            <li class={classes || undefined}>
              {architectureLabels[architecture]}
              <span class="score">{String(recommendation.scores[architecture])}</span>
            </li>
            {index < architectures.length - 1 ? (
              <li class="arrow" aria-hidden="true">
                →
              </li>
            ) : null}
          </>
        );
      })}
    </ol>
  );
}

function TextList(props: { items: readonly string[]; ordered?: boolean }) {
  if (props.items.length === 0) return <p class="empty">None.</p>;
  const items = props.items.map((item) => (
    <li>
      <InlineText text={item} />
    </li>
  ));
  return props.ordered ? <ol>{items}</ol> : <ul>{items}</ul>;
}
