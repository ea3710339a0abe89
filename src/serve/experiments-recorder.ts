import type { AnswerResult } from '../generate/index.js';
import type { Assignment } from './experiments-assign.js';
import {
  appendExperimentEvent,
  countWords,
  type ExperimentResponseEvent,
  isRefusal,
  readExperimentEvents,
} from './experiments-log.js';

export interface ExperimentRecorder {
  /** Logs an experiment's answer with its reference-free checks. */
  recordResponse(options: {
    assignment: Assignment;
    responseId: string;
    answer: AnswerResult;
    latencyMs: number;
    now: number;
  }): Promise<void>;
  /** Links a rating to the response it names; false when no experiment logged that response. */
  recordFeedback(options: {
    responseId: string;
    rating: 'up' | 'down';
    corrected: boolean;
    now: number;
  }): Promise<{ experiment: string; arm: string } | undefined>;
}

/** The log's writer for one server: it remembers its responses, and reads the log once for older ones. */
export function createExperimentRecorder(file: string): ExperimentRecorder {
  const known = new Map<string, { experiment: string; arm: string }>();
  let loaded: Promise<void> | undefined;
  const load = () => {
    loaded ??= readExperimentEvents(file).then((events) => {
      for (const event of events) {
        if (event.type === 'response')
          known.set(event.responseId, { experiment: event.experiment, arm: event.arm });
      }
    });
    return loaded;
  };
  return {
    async recordResponse({ assignment, responseId, answer, latencyMs, now }) {
      const event: ExperimentResponseEvent = {
        type: 'response',
        at: new Date(now).toISOString(),
        experiment: assignment.experiment,
        arm: assignment.arm,
        responseId,
        userHash: assignment.userHash,
        overridden: assignment.overridden,
        latencyMs: Math.round(latencyMs * 10) / 10,
        promptTokens: answer.usage.promptTokens,
        completionTokens: answer.usage.completionTokens,
        words: countWords(answer.displayText),
        citations: answer.citations.length,
        citationsValid: answer.invalidMarkers.length === 0,
        refusal: isRefusal(answer.displayText),
      };
      known.set(responseId, { experiment: event.experiment, arm: event.arm });
      await appendExperimentEvent(file, event);
    },
    async recordFeedback({ responseId, rating, corrected, now }) {
      if (!known.has(responseId)) await load();
      const found = known.get(responseId);
      if (!found) return undefined;
      await appendExperimentEvent(file, {
        type: 'feedback',
        at: new Date(now).toISOString(),
        ...found,
        responseId,
        rating,
        corrected,
      });
      return found;
    },
  };
}
