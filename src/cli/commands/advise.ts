import type { CommandSpec } from '../main.js';

/** Flags: one per question, named after the answers-file keys in kebab-case. */
export function flagName(id: string): string {
  return id.replace(/[A-Z]/g, (letter) => `-${letter.toLowerCase()}`);
}

export const adviseCommand: CommandSpec = {
  name: 'advise',
  async register(program, run, selected) {
    const command = program
      .command('advise')
      .description(
        'the decision matrix from answers to questions: prompting, RAG, fine-tuning or hybrid (no model needed)',
      )
      .option('--answers <file>', 'answers.yaml with the keys below (skips the questions)');
    // One flag per question; listing them costs the question table's import, so only when advise runs.
    if (selected) {
      const { adviseQuestions } = await import('../../decide/index.js');
      for (const question of adviseQuestions) {
        const values = question.choices
          ? question.choices.map((choice) => choice.value).join('|')
          : question.type;
        command.option(`--${flagName(question.id)} <${values}>`, question.prompt);
      }
    }
    command.action((options: Record<string, string | undefined>) =>
      run(async (context) => (await import('../actions/advise.js')).runAdvise(context, options)),
    );
  },
};
