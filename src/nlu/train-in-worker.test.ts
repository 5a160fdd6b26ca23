import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { HELP_DESK } from './help-desk-pt.fixture.js';
import { loadModel } from './model.js';
import { trainInWorker } from './train-in-worker.js';
import { NluTrainingError } from './training-error.js';

/** The training processes this process has started and not yet reaped (Linux's /proc). */
function trainingChildren(): number[] {
  const children = readdirSync(`/proc/${process.pid}/task`).flatMap((task) =>
    readFileSync(`/proc/${process.pid}/task/${task}/children`, 'utf8').split(' ').filter(Boolean).map(Number),
  );
  return children.filter((pid) => {
    try {
      return readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('train-worker');
    } catch {
      return false; // ended meanwhile
    }
  });
}

describe('trainInWorker', () => {
  it.runIf(existsSync(`/proc/${process.pid}/task`))('trains in a child process, which has ended once the model is back', async () => {
    const before = trainingChildren();
    const during: number[][] = [];
    const artifact = await trainInWorker(HELP_DESK, {
      onProgress: (progress) => {
        if (progress.phase === 'training the classifier' && during.length === 0) during.push(trainingChildren());
      },
    });
    expect(loadModel(artifact).intents).toHaveLength(HELP_DESK.intents.length);
    // While it trained, a process of its own was doing it (not this one's threads)…
    expect(during[0]?.filter((pid) => !before.includes(pid))).toHaveLength(1);
    expect(during[0]).not.toContain(process.pid);
    // …and it is gone, with whatever memory it used, when the artifact is handed over.
    expect(trainingChildren().filter((pid) => !before.includes(pid))).toEqual([]);
  });

  it('trains in a child process and resolves with a loadable artifact', async () => {
    const artifact = await trainInWorker(HELP_DESK);
    const nlu = loadModel(artifact);
    expect(nlu.intents).toEqual(HELP_DESK.intents.map((intent) => intent.name));
    expect(nlu.parse('impresora nao imprime', 0.3).intent.name).toBe('problema_impressora');
  });

  it('rejects with NluTrainingError, message preserved, on bad data', async () => {
    const bad = { language: 'pt', intents: [{ name: 'vazia', phrases: [] }], contexts: [], regexes: [{ name: 'x', pattern: '(' }] };
    const failure = trainInWorker(bad);
    await expect(failure).rejects.toBeInstanceOf(NluTrainingError);
    await expect(failure).rejects.toThrow(
      /^The NLU model cannot be trained \(2 problems\): intent "vazia" has no phrases; regex "x" is not a valid regular expression/,
    );
    await failure.catch((error: unknown) => {
      expect((error as NluTrainingError).problems).toHaveLength(2);
    });
  });

  it('reports its phases and passes over the data, in order, up to calibration', async () => {
    const seen: Array<{ fraction: number; phase: string }> = [];
    await trainInWorker(HELP_DESK, { onProgress: (progress) => seen.push(progress) });
    expect(seen[0]).toEqual({ fraction: 0, phase: 'analysing phrases' });
    expect(seen.at(-1)).toEqual({ fraction: 0.9, phase: 'calibrating' });
    expect(seen.filter((progress) => progress.phase === 'training the classifier').length).toBeGreaterThan(2);
    const fractions = seen.map((progress) => progress.fraction);
    expect(fractions).toEqual([...fractions].sort((a, b) => a - b));
  });

  it('can train several models at once', async () => {
    const artifacts = await Promise.all([trainInWorker(HELP_DESK), trainInWorker(HELP_DESK)]);
    expect(artifacts[0]).toBe(artifacts[1]);
  });
});
