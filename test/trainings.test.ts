// Treinamentos through the admin API: train now or at a time, per scope; the history with
// progress, problems and versions; e-mails through a real SMTP server on 127.0.0.1; scheduled
// trainings that survive a restart (SQLite and PostgreSQL); trainings a stopped process left. Only
// the first describe reads the first start's history: the others load the Portuguese demo alone.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../src/cli/main.js';
import { parseArtifact } from '../src/engine/model-artifact.js';
import { storeVariants } from '../src/store/test-stores.js';
import { startSmtpSink, type SmtpSink } from './helpers/smtp-sink.js';
import { startTestPlatform, type TestPlatform } from './helpers/test-platform.js';

const ADMIN_TOKEN = 'admin-token-for-tests-0123456789';
const BASE = '/servers/demo/assistants/pt';

interface TrainingView {
  id: number;
  scope: string;
  status: string;
  progress: number;
  phase: string | null;
  modelVersion: number | null;
  modelId: string | null;
  durationSeconds: number | null;
  requestedBy: string;
  problems: Array<{ level: string; message: string }>;
}

function adminClient(test: () => TestPlatform) {
  return async (method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, payload?: unknown) =>
    test().app.inject({
      method,
      url: `/api/admin${url}`,
      headers: { authorization: `Bearer ${ADMIN_TOKEN}` },
      ...(payload === undefined ? {} : { payload: payload as Record<string, unknown> }),
    });
}

async function waitForTraining(admin: ReturnType<typeof adminClient>, id: number, done = ['succeeded', 'failed', 'cancelled']): Promise<TrainingView> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    const response = await admin('GET', `${BASE}/trainings/${id}`);
    expect(response.statusCode).toBe(200);
    const training = response.json() as TrainingView;
    if (done.includes(training.status)) return training;
    if (Date.now() > deadline) throw new Error(`training ${id} is still ${training.status}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

const inSeconds = (seconds: number) => new Date(Date.now() + seconds * 1000).toISOString();

describe('trainings through the admin API', () => {
  let test: TestPlatform;
  let smtp: SmtpSink;
  const logLines: string[] = [];
  const admin = adminClient(() => test);

  beforeAll(async () => {
    smtp = await startSmtpSink();
    test = await startTestPlatform({ env: { HELPER_ADMIN_TOKEN: ADMIN_TOKEN, HELPER_SMTP_URL: smtp.url, HELPER_MAIL_FROM: 'helper@empresa.example' }, logLines });
    const set = await admin('PATCH', `${BASE}/settings`, { notificationEmails: ['ana@empresa.example', 'bruno@empresa.example'] });
    expect(set.statusCode).toBe(200);
  });
  afterAll(async () => {
    await test?.close();
    await smtp?.close();
  });

  it('trains now with progress, records version and duration, serves it and e-mails start and success in Portuguese', async () => {
    const reports: Array<{ progress: number; phase: string | null }> = [];
    const store = test.platform.store.trainings;
    const report = store.reportProgress.bind(store);
    store.reportProgress = async (id, progress, phase, now) => {
      reports.push({ progress, phase });
      return report(id, progress, phase, now);
    };
    const asked = await admin('POST', `${BASE}/trainings`, { scope: 'complete' });
    expect(asked.statusCode).toBe(202);
    const started = asked.json() as TrainingView;
    expect(started).toMatchObject({ scope: 'complete', status: 'running', requestedBy: 'operator' });
    const history = (await admin('GET', `${BASE}/trainings`)).json() as { running: TrainingView | null; trainings: TrainingView[] };
    expect(history.trainings[0]?.id).toBe(started.id);

    const done = await waitForTraining(admin, started.id);
    store.reportProgress = report;
    expect(done).toMatchObject({ status: 'succeeded', progress: 100, phase: null, modelVersion: 2 });
    expect(done.durationSeconds).toBeGreaterThan(0);
    // The worker's phases and passes reached the store in order.
    expect(reports.map((r) => r.phase)).toEqual(expect.arrayContaining(['analysing phrases', 'training the classifier', 'calibrating']));
    const percents = reports.map((r) => r.progress);
    expect(percents).toEqual([...percents].sort((a, b) => a - b));
    expect(percents.length).toBeGreaterThan(3);

    const model = (await admin('GET', `${BASE}/model`)).json() as { version: number; modelId: string; trainedAt: string };
    expect(model).toEqual({ version: 2, modelId: done.modelId, trainedAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/), changes: [], changeCount: 0 });

    const [start, success] = await smtp.waitFor(2);
    expect(start?.to).toEqual(['ana@empresa.example', 'bruno@empresa.example']);
    expect(start?.from).toBe('helper@empresa.example');
    expect(start?.subject).toMatch(/Treinamento iniciado/);
    expect(success?.subject).toMatch(/Treinamento concluído/);
    expect(success?.text).toMatch(/versão 2/);
    expect(logLines.join('\n')).not.toContain(smtp.password);
  });

  it('lists the version the first start trained, and what the content changed since the version that answers', async () => {
    const history = (await admin('GET', `${BASE}/trainings`)).json() as { trainings: TrainingView[] };
    expect(history.trainings.at(-1)).toMatchObject({ status: 'succeeded', scope: 'complete', requestedBy: 'first-start', modelVersion: 1 });
    const assistant = await test.platform.defaultAssistant();
    const content = await test.platform.store.content.load(assistant.id);
    const skills = content.skills.map((skill) => (skill.name === 'falar_sobre_mim' ? { ...skill, texts: ['Outro texto.'] } : skill));
    const intents = [...content.intents, { name: 'nova_intent', phrases: [{ text: 'uma frase nova' }] }];
    await test.platform.store.content.save(assistant.id, { ...content, intents, skills }, 'replace');
    try {
      const model = (await admin('GET', `${BASE}/model`)).json() as { changes: unknown[]; changeCount: number };
      expect(model.changes).toEqual([
        { list: 'intents', name: 'nova_intent', change: 'added' },
        { list: 'skills', name: 'falar_sobre_mim', change: 'changed' },
      ]);
      expect(model.changeCount).toBe(2);
    } finally {
      await test.platform.store.content.save(assistant.id, content, 'replace');
    }
    expect(((await admin('GET', `${BASE}/model`)).json() as { changeCount: number }).changeCount).toBe(0);
  });

  it('fails with every reason, keeps the previous model serving and e-mails the failure', async () => {
    const assistant = await test.platform.defaultAssistant();
    const before = (await admin('GET', `${BASE}/model`)).json() as { version: number };
    const content = await test.platform.store.content.load(assistant.id);
    await test.platform.store.content.save(
      assistant.id,
      { ...content, dialogues: [...content.dialogues, { name: 'quebrado', intents: ['nao_existe'], skill: 'sumiu' }] },
      'replace',
    );
    const sent = smtp.messages.length;
    const started = (await admin('POST', `${BASE}/trainings`, { scope: 'complete' })).json() as TrainingView;
    const failed = await waitForTraining(admin, started.id);
    expect(failed.status).toBe('failed');
    expect(failed.problems).toEqual([
      { level: 'error', code: 'dialogue_unknown_skill', params: { dialogue: 'quebrado', skill: 'sumiu' }, message: 'dialogue "quebrado" uses the unknown skill "sumiu"' },
      { level: 'error', code: 'dialogue_unknown_intent', params: { dialogue: 'quebrado', intent: 'nao_existe' }, message: 'dialogue "quebrado" answers the unknown intent "nao_existe"' },
    ]);
    // A failed training takes no version number: the next success is the next version.
    expect(failed.modelVersion).toBeNull();
    expect(((await admin('GET', `${BASE}/model`)).json() as { version: number }).version).toBe(before.version);
    const mails = await smtp.waitFor(sent + 2);
    const failure = mails.at(-1);
    expect(failure?.subject).toMatch(/Treinamento falhou/);
    // The reasons in the assistant's language, as the console words them.
    expect(failure?.text).toMatch(/- O diálogo “quebrado” usa a habilidade “sumiu”, que não existe\.\n- O diálogo “quebrado” responde à intent “nao_existe”, que não existe\./);
    await test.platform.store.content.save(assistant.id, content, 'replace');
  });

  it('trains dialogues and skills over the previous NLU, and refuses what does not fit it', async () => {
    const assistant = await test.platform.defaultAssistant();
    const content = await test.platform.store.content.load(assistant.id);
    const chat = async (message: string) =>
      (await test.app.inject({ method: 'POST', url: '/webhooks/rest/webhook', payload: { sender: `s${Date.now()}`, message } })).json() as Array<{ text?: string }>;
    const skills = content.skills.map((skill) => (skill.name === 'falar_sobre_mim' ? { ...skill, texts: ['Sou o Helper, versão nova.'] } : skill));
    await test.platform.store.content.save(assistant.id, { ...content, skills }, 'replace');
    const skillsOnly = await waitForTraining(admin, ((await admin('POST', `${BASE}/trainings`, { scope: 'skills' })).json() as TrainingView).id);
    expect(skillsOnly).toMatchObject({ status: 'succeeded', scope: 'skills', problems: [] });
    expect((await chat('conte-me algumas coisas sobre você'))[0]?.text).toBe('Sou o Helper, versão nova.');

    // A dialogue for an intent the trained NLU does not know: a dialogues training cannot serve it.
    const intents = [...content.intents, { name: 'nova', phrases: [{ text: 'uma frase nova' }] }];
    const dialogues = [...content.dialogues, { name: 'nova', intents: ['nova'], skill: 'falar_sobre_mim' }];
    await test.platform.store.content.save(assistant.id, { ...content, skills, intents, dialogues }, 'replace');
    const refused = await waitForTraining(admin, ((await admin('POST', `${BASE}/trainings`, { scope: 'dialogues' })).json() as TrainingView).id);
    expect(refused.status).toBe('failed');
    expect(refused.problems[0]?.message).toMatch(/dialogue "nova" answers the unknown intent "nova" \(a dialogues training keeps the intents of version \d+: run a complete training\)/);
    await test.platform.store.content.save(assistant.id, content, 'replace');
  });

  it('trains only the custom skills over the previous version, keeping its other skills and dialogues', async () => {
    const assistant = await test.platform.defaultAssistant();
    const content = await test.platform.store.content.load(assistant.id);
    const chat = async (message: string) =>
      (await test.app.inject({ method: 'POST', url: '/webhooks/rest/webhook', payload: { sender: `s${Date.now()}`, message } })).json() as Array<{ text?: string }>;
    const servedSkills = async () => parseArtifact((await test.platform.store.models.latestReady(assistant.id))?.artifact ?? '').content.skills;
    try {
      expect((await waitForTraining(admin, ((await admin('POST', `${BASE}/trainings`, { scope: 'complete' })).json() as TrainingView).id)).status).toBe('succeeded');
      const kept = await servedSkills();
      const other = content.skills.find((skill) => skill.kind === 'text' && skill.name !== 'falar_sobre_mim');
      if (!other) throw new Error('the demo has no other text skill');
      // One skill becomes a custom action (no action server here: its own text answers), a new
      // custom action is added, and another text skill is edited half-way.
      const skills = [
        ...content.skills.map((skill) =>
          skill.name === 'falar_sobre_mim'
            ? { name: skill.name, fallback: false, kind: 'action' as const, action: 'action_sobre_mim', texts: ['Respondo por uma ação customizada.'] }
            : skill.name === other.name
              ? { ...skill, texts: ['Texto pela metade'] }
              : skill,
        ),
        { name: 'consultar_chamado', fallback: false, kind: 'action' as const, action: 'action_consultar_chamado', texts: ['Não consegui consultar o chamado.'] },
      ];
      await test.platform.store.content.save(assistant.id, { ...content, skills }, 'replace');
      const trained = await waitForTraining(admin, ((await admin('POST', `${BASE}/trainings`, { scope: 'custom_skills' })).json() as TrainingView).id);
      expect(trained).toMatchObject({ status: 'succeeded', scope: 'custom_skills' });
      expect(trained.problems).toEqual([expect.objectContaining({ level: 'warning', code: 'skills_not_in_model', message: expect.stringMatching(/^skills other than custom ones changed since version \d+ and are not in this model/) })]);
      expect((await chat('conte-me algumas coisas sobre você'))[0]?.text).toBe('Respondo por uma ação customizada.');
      const served = await servedSkills();
      expect(served.find((skill) => skill.name === other.name)).toEqual(kept.find((skill) => skill.name === other.name));
      expect(served.find((skill) => skill.name === 'falar_sobre_mim')).toMatchObject({ kind: 'action', action: 'action_sobre_mim' });
      expect(served.map((skill) => skill.name)).toEqual([...kept.map((skill) => skill.name), 'consultar_chamado']);
      // The command line takes the scope too.
      expect(await runCli(['train', '--scope', 'custom_skills'], { out: () => undefined, err: () => undefined }, { HELPER_DATA_DIR: test.dataDir, HELPER_LOG_LEVEL: 'silent' })).toBe(0);
      expect(((await admin('GET', `${BASE}/trainings?limit=1`)).json() as { trainings: TrainingView[] }).trainings).toEqual([expect.objectContaining({ requestedBy: 'cli', scope: 'custom_skills', status: 'succeeded' })]);
    } finally {
      await test.platform.store.content.save(assistant.id, content, 'replace');
    }
  });

  it('schedules, lists, cancels, and runs a scheduled training when due; refuses bad input with the field', async () => {
    const past = await admin('POST', `${BASE}/trainings`, { scope: 'complete', scheduledFor: '2020-01-01T10:00:00Z' });
    expect(past.statusCode).toBe(400);
    expect(past.json()).toMatchObject({ error: { code: 'invalid', field: 'scheduledFor', message: expect.stringMatching(/past/) } });
    expect((await admin('POST', `${BASE}/trainings`, { scope: 'complete', scheduledFor: 'amanhã' })).json()).toMatchObject({ error: { field: 'scheduledFor' } });
    expect((await admin('POST', `${BASE}/trainings`, { scope: 'tudo' })).json()).toMatchObject({ error: { code: 'invalid', field: 'scope' } });
    expect((await admin('POST', `${BASE}/trainings`, {})).json()).toMatchObject({ error: { field: 'scope' } });
    expect((await admin('POST', '/servers/demo/assistants/es/trainings', { scope: 'complete' })).statusCode).toBe(404);

    const later = await admin('POST', `${BASE}/trainings`, { scope: 'complete', scheduledFor: inSeconds(3600) });
    expect(later.statusCode).toBe(201);
    const soon = (await admin('POST', `${BASE}/trainings`, { scope: 'dialogues', scheduledFor: inSeconds(2) })).json() as TrainingView;
    expect(soon.status).toBe('scheduled');
    const cancelled = await admin('DELETE', `${BASE}/trainings/${(later.json() as TrainingView).id}`);
    expect(cancelled.json()).toMatchObject({ status: 'cancelled' });
    expect((await admin('DELETE', `${BASE}/trainings/${(later.json() as TrainingView).id}`)).statusCode).toBe(409);
    expect((await admin('GET', `${BASE}/trainings/999999`)).statusCode).toBe(404);
    const ran = await waitForTraining(admin, soon.id);
    expect(ran).toMatchObject({ status: 'succeeded', scope: 'dialogues' });
    expect((await admin('DELETE', `${BASE}/trainings/${soon.id}`)).json()).toMatchObject({ error: { code: 'conflict', message: expect.stringMatching(/succeeded/) } });
  });

  it('reports, at its item, a button no dialogue handles (UX review: "Não, obrigado" → nao at 100 %, then the fallback)', async () => {
    const assistant = await test.platform.defaultAssistant();
    const content = await test.platform.store.content.load(assistant.id);
    const skills = content.skills.map((skill) =>
      skill.name === 'mostrar_menu' ? { ...skill, kind: 'buttons' as const, buttons: [{ title: 'Abrir chamado', payload: 'abrir chamado' }, { title: 'Não, obrigado', payload: 'Não, obrigado' }] } : skill,
    );
    await test.platform.store.content.save(assistant.id, { ...content, skills }, 'replace');
    try {
      const trained = await waitForTraining(admin, ((await admin('POST', `${BASE}/trainings`, { scope: 'complete' })).json() as TrainingView).id);
      expect(trained.status).toBe('succeeded');
      const warning = trained.problems.find((problem) => (problem as { item?: { field: string } }).item?.field === 'buttons.1.payload');
      expect(warning).toEqual({
        level: 'warning',
        code: 'button_unanswered_after',
        params: { button: 'Não, obrigado', intent: 'nao', after: 'menu' },
        message: expect.stringMatching(/^skill "mostrar_menu" \(buttons\.1\.payload\): button "Não, obrigado" \(value "Não, obrigado"\) is understood as intent "nao" \(\d+ %\), but no dialogue answers "nao" after dialogue "menu" nor at any time/),
        item: { list: 'skills', name: 'mostrar_menu', field: 'buttons.1.payload' },
      });
      // The console reads it at the item too.
      const item = (await admin('GET', `${BASE}/skills/mostrar_menu`)).json() as { warnings: Array<{ field: string; message: string }> };
      expect(item.warnings).toEqual([{ field: 'buttons.1.payload', code: 'button_unanswered_after', params: { button: 'Não, obrigado', intent: 'nao', after: 'menu' }, message: expect.stringMatching(/no dialogue answers "nao" after dialogue "menu"/) }]);
      // And `helper train` prints it.
      const err: string[] = [];
      expect(await runCli(['train', '--scope', 'skills'], { out: () => undefined, err: (line) => err.push(line) }, { HELPER_DATA_DIR: test.dataDir, HELPER_LOG_LEVEL: 'silent' })).toBe(0);
      expect(err.join('\n')).toMatch(/warning: skill "mostrar_menu" \(buttons\.1\.payload\): button "Não, obrigado"/);
    } finally {
      await test.platform.store.content.save(assistant.id, content, 'replace');
    }
  });

  it('records `helper train` in the same history', async () => {
    const out: string[] = [];
    const code = await runCli(['train', '--scope', 'skills'], { out: (line) => out.push(line), err: () => undefined }, { HELPER_DATA_DIR: test.dataDir, HELPER_LOG_LEVEL: 'silent' });
    expect(code).toBe(0);
    expect(out.join('\n')).toMatch(/trained demo\/pt: version \d+/);
    const history = (await admin('GET', `${BASE}/trainings?limit=1`)).json() as { trainings: TrainingView[] };
    expect(history.trainings).toEqual([expect.objectContaining({ requestedBy: 'cli', scope: 'skills', status: 'succeeded' })]);
  });

  it('needs the admin token', async () => {
    expect((await test.app.inject({ method: 'POST', url: `/api/admin${BASE}/trainings`, payload: { scope: 'complete' } })).statusCode).toBe(401);
  });
});

describe('e-mail failures', () => {
  it('never fail a training, and the SMTP password stays out of the log', async () => {
    const logLines: string[] = [];
    // Nothing listens on port 9 of 127.0.0.1 (discard): every send fails.
    const test = await startTestPlatform({ demo: 'pt', env: { HELPER_ADMIN_TOKEN: ADMIN_TOKEN, HELPER_SMTP_URL: 'smtp://helper:Sup3r-Secret@127.0.0.1:9' }, logLines });
    try {
      const admin = adminClient(() => test);
      await admin('PATCH', `${BASE}/settings`, { notificationEmails: ['ana@empresa.example'] });
      const started = (await admin('POST', `${BASE}/trainings`, { scope: 'complete' })).json() as TrainingView;
      expect((await waitForTraining(admin, started.id)).status).toBe('succeeded');
      await test.platform.trainings.stop();
      const log = logLines.join('\n');
      expect(log).toMatch(/a training e-mail could not be sent/);
      expect(log).not.toContain('Sup3r-Secret');
    } finally {
      await test.close();
    }
  });
});

describe.each(storeVariants())('scheduled trainings on $name', (variant) => {
  afterAll(() => variant.cleanup());

  it('survive a restart, and a training a stopped process left running is failed with the reason', async () => {
    const location = await variant.location();
    const env = { HELPER_ADMIN_TOKEN: ADMIN_TOKEN, ...(location.databaseUrl ? { DATABASE_URL: location.databaseUrl } : {}) };
    let test = await startTestPlatform({ env, dataDir: location.dataDir, demo: 'pt' });
    const admin = adminClient(() => test);
    try {
      const scheduled = (await admin('POST', `${BASE}/trainings`, { scope: 'complete', scheduledFor: inSeconds(3) })).json() as TrainingView;
      // A training another process claimed an hour ago and never finished (it crashed).
      const assistant = await test.platform.defaultAssistant();
      const orphan = await test.platform.store.trainings.create({ assistantId: assistant.id, scope: 'complete', scheduledFor: Date.now() / 1000 - 3600, requestedBy: 'operator' });
      await test.platform.store.trainings.claim(orphan.id, Date.now() / 1000 - 3600, 'crashed-process');
      await test.close();

      // The restart loads nothing of its own: what it runs is what the store holds.
      test = await startTestPlatform({ env, dataDir: location.dataDir, demo: false });
      const failed = await waitForTraining(admin, orphan.id);
      expect(failed.status).toBe('failed');
      expect(failed.problems[0]?.message).toMatch(/stopped before it finished/);
      const ran = await waitForTraining(admin, scheduled.id);
      expect(ran).toMatchObject({ status: 'succeeded', modelVersion: 2 });
      expect(((await admin('GET', `${BASE}/model`)).json() as { version: number }).version).toBe(2);
    } finally {
      await test.close();
    }
  });
});

describe.each(storeVariants())('a stopping process on $name', (variant) => {
  afterAll(() => variant.cleanup());

  it('ends the training it runs and gives it back (scheduled, unclaimed) at once', async () => {
    const location = await variant.location();
    const env = { HELPER_ADMIN_TOKEN: ADMIN_TOKEN, ...(location.databaseUrl ? { DATABASE_URL: location.databaseUrl } : {}) };
    const test = await startTestPlatform({ env, dataDir: location.dataDir, demo: 'pt' });
    const admin = adminClient(() => test);
    try {
      // Stopped as soon as its NLU process reports progress: the training is under way.
      const store = test.platform.store.trainings;
      const report = store.reportProgress.bind(store);
      let progressed: () => void = () => undefined;
      const underWay = new Promise<void>((resolve) => (progressed = resolve));
      store.reportProgress = async (id, progress, phase, now) => {
        progressed();
        return report(id, progress, phase, now);
      };
      const asked = (await admin('POST', `${BASE}/trainings`, { scope: 'complete' })).json() as TrainingView;
      await underWay;
      const started = Date.now();
      await test.platform.trainings.stop();
      expect(Date.now() - started).toBeLessThan(2_000);
      const given = await test.platform.store.trainings.get(asked.id);
      expect(given).toMatchObject({ status: 'scheduled', claimedBy: null, startedAt: null, problems: [] });
      // Another process (here: this one's poller again) takes it and trains it.
      test.platform.trainings.start();
      const ran = await waitForTraining(admin, asked.id);
      expect(ran.status).toBe('succeeded');
    } finally {
      await test.close();
    }
  });
});

describe('two app processes on one PostgreSQL database', () => {
  const postgres = storeVariants().find((variant) => variant.name === 'postgres');
  afterAll(() => postgres?.cleanup());

  it('run a due training once: one of them claims it, the other sees it finished', async () => {
    if (!postgres) throw new Error('the PostgreSQL store variant is missing');
    const location = await postgres.location();
    const env = { HELPER_ADMIN_TOKEN: ADMIN_TOKEN, DATABASE_URL: location.databaseUrl ?? '' };
    const one = await startTestPlatform({ env, dataDir: location.dataDir, demo: 'pt' });
    const two = await startTestPlatform({ env, dataDir: location.dataDir, demo: false });
    try {
      const admin = adminClient(() => one);
      const assistant = await one.platform.defaultAssistant();
      const versionsBefore = (await one.platform.store.models.list(assistant.id)).length;
      const scheduled = (await admin('POST', `${BASE}/trainings`, { scope: 'complete', scheduledFor: inSeconds(2) })).json() as TrainingView;
      const done = await waitForTraining(admin, scheduled.id);
      expect(done.status).toBe('succeeded');
      // Give the other poller time to have tried too.
      await new Promise((resolve) => setTimeout(resolve, 1500));
      const models = await two.platform.store.models.list(assistant.id);
      expect(models.length).toBe(versionsBefore + 1);
      const record = await two.platform.store.trainings.get(scheduled.id);
      expect([one.platform.trainings.instanceId, two.platform.trainings.instanceId]).toContain(record?.claimedBy);
    } finally {
      await two.close();
      await one.close();
    }
  });
});
