// Why training data cannot be trained, for the administrator: every problem, in words.

export class NluTrainingError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(
      problems.length === 1
        ? `The NLU model cannot be trained: ${problems[0]}.`
        : `The NLU model cannot be trained (${problems.length} problems): ${problems.join('; ')}.`,
    );
    this.name = 'NluTrainingError';
  }
}
