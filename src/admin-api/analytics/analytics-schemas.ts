// Schemas of the analytics routes (./analytics-routes.ts): their query strings and answers.

export const intervalProperties = {
  from: { type: 'string', maxLength: 40, description: 'a date (2025-06-01, from its start in the assistant time zone) or a date and time with its offset' },
  to: { type: 'string', maxLength: 40, description: 'a date (2025-06-30, included whole) or a date and time with its offset (excluded)' },
} as const;

const flag = { type: 'string', enum: ['true', 'false'] } as const;

export const conversationFilterProperties = {
  ...intervalProperties,
  channel: { type: 'string', maxLength: 64 },
  intent: { type: 'string', maxLength: 100 },
  skill: { type: 'string', maxLength: 100 },
  text: { type: 'string', maxLength: 200, description: 'a user message contains it (without case or accents)' },
  sender: { type: 'string', maxLength: 256, description: 'the user id' },
  fallbackOnly: flag,
  handedOffOnly: flag,
} as const;

export const conversationListQuery = {
  type: 'object',
  properties: {
    ...conversationFilterProperties,
    sort: { type: 'string', enum: ['started_at', 'user_messages', 'fallbacks'] },
    direction: { type: 'string', enum: ['asc', 'desc'] },
    limit: { type: 'string', pattern: '^[0-9]{1,3}$' },
    cursor: { type: 'string', maxLength: 200 },
  },
  additionalProperties: false,
} as const;

export const conversationSummarySchema = {
  type: 'object',
  properties: {
    id: { type: 'integer', description: 'the id of its first event' },
    sender: { type: 'string', description: 'the user id' },
    startedAt: { type: 'number' },
    lastEventAt: { type: 'number' },
    channel: { type: ['string', 'null'] },
    modelVersion: { type: ['integer', 'null'] },
    modelId: { type: ['string', 'null'] },
    userMessages: { type: 'integer' },
    fallbacks: { type: 'integer' },
    handedOff: { type: 'boolean' },
  },
  required: ['id', 'sender', 'startedAt', 'lastEventAt', 'channel', 'modelVersion', 'modelId', 'userMessages', 'fallbacks', 'handedOff'],
} as const;

export const reviewSchema = {
  type: ['object', 'null'],
  properties: { status: { type: 'string' }, intent: { type: ['string', 'null'] }, by: { type: 'string' }, at: { type: 'number' } },
} as const;

export const transcriptEntrySchema = {
  type: 'object',
  properties: {
    id: { type: 'integer' },
    kind: {
      type: 'string',
      enum: ['user', 'bot', 'handoff', 'taken', 'transferred', 'resume'],
      description: 'handoff: transferred to human service (nobody has it yet); taken: a person took it (agent); transferred: passed from one person (from) to another (agent); resume: back to the assistant',
    },
    time: { type: 'number' },
    text: { type: ['string', 'null'] },
    channel: { type: ['string', 'null'] },
    intent: { type: ['string', 'null'] },
    confidence: { type: ['number', 'null'] },
    candidate: { type: ['string', 'null'] },
    fallback: { type: 'boolean' },
    entities: { type: 'array', items: { type: 'object', properties: { entity: { type: 'string' }, value: {}, start: { type: 'integer' }, end: { type: 'integer' } } } },
    ranking: { type: 'array', items: { type: 'object', properties: { intent: { type: 'string' }, confidence: { type: 'number' } } }, description: 'the intents ranked, with their real scores' },
    threshold: { type: ['number', 'null'], description: 'the threshold, when the message fell below it' },
    review: reviewSchema,
    buttons: { type: 'array', items: { type: 'object', properties: { title: { type: 'string' }, payload: { type: 'string' } } } },
    image: { type: ['string', 'null'] },
    attachment: {},
    custom: {},
    skill: { type: ['string', 'null'] },
    dialogue: { type: ['string', 'null'] },
    agent: { type: ['string', 'null'], description: "taken, transferred, resume: the person's login, when known" },
    from: { type: ['string', 'null'], description: 'transferred: who passed the conversation on' },
  },
  required: ['id', 'kind', 'time'],
} as const;

export const messageSchema = {
  type: 'object',
  properties: {
    id: { type: 'integer' },
    conversation: { type: 'integer' },
    sender: { type: 'string' },
    time: { type: 'number' },
    channel: { type: ['string', 'null'] },
    text: { type: 'string' },
    intent: { type: ['string', 'null'] },
    confidence: { type: ['number', 'null'] },
    candidate: { type: ['string', 'null'] },
    skill: { type: ['string', 'null'] },
    fallback: { type: 'boolean' },
    review: reviewSchema,
  },
  required: ['id', 'conversation', 'sender', 'time', 'text', 'intent', 'confidence', 'fallback', 'review'],
} as const;

const seriesSchema = {
  type: 'object',
  properties: { name: { type: 'string' }, total: { type: 'integer' }, perDay: { type: 'array', items: { type: 'integer' } } },
  required: ['name', 'total', 'perDay'],
} as const;

export const rankingSchema = {
  type: 'object',
  properties: {
    timeZone: { type: 'string' },
    days: { type: 'array', items: { type: 'string' } },
    series: { type: 'array', items: seriesSchema },
    others: { anyOf: [seriesSchema, { type: 'null' }] },
    total: { type: 'integer' },
    messagesPerDay: { type: 'array', items: { type: 'integer' } },
    fallbackRatePerDay: { type: 'array', items: { type: ['number', 'null'] } },
  },
  required: ['timeZone', 'days', 'series', 'others', 'total'],
} as const;

export const overviewSchema = {
  type: 'object',
  properties: {
    timeZone: { type: 'string' },
    days: { type: 'array', items: { type: 'string' } },
    conversations: { type: 'integer' },
    conversationsPerDay: { type: 'array', items: { type: 'integer' } },
    userMessages: { type: 'integer' },
    fallbacks: { type: 'integer' },
    fallbackRate: { type: ['number', 'null'] },
    handedOff: { type: 'integer' },
    containment: { type: ['number', 'null'], description: 'share of conversations no human took over' },
    medianConfidence: { type: ['number', 'null'] },
    messagesPerHour: { type: 'array', items: { type: 'integer' } },
    busiestHours: { type: 'array', items: { type: 'object', properties: { hour: { type: 'integer' }, messages: { type: 'integer' } } } },
    satisfaction: {
      type: ['object', 'null'],
      properties: {
        skill: { type: 'string' },
        total: { type: 'integer' },
        answers: { type: 'array', items: { type: 'object', properties: { answer: { type: 'string' }, count: { type: 'integer' } } } },
      },
    },
  },
  required: ['timeZone', 'days', 'conversations', 'conversationsPerDay', 'userMessages', 'fallbacks', 'fallbackRate', 'handedOff', 'containment', 'medianConfidence', 'messagesPerHour', 'busiestHours', 'satisfaction'],
} as const;

export const analyticsSettingsSchema = {
  type: 'object',
  properties: {
    timeZone: { type: 'string', description: 'IANA time zone where days are cut (default America/Sao_Paulo)' },
    retentionDays: { type: ['integer', 'null'], description: 'conversations whose last message is older are deleted; null keeps them' },
    satisfactionSkill: { type: ['string', 'null'], description: 'the skill that asks the satisfaction question; the answers after it are counted' },
  },
  required: ['timeZone', 'retentionDays', 'satisfactionSkill'],
} as const;

export const pendingTrainingSchema = {
  type: 'object',
  properties: {
    since: { type: ['number', 'null'] },
    intents: { type: 'array', items: { type: 'object', properties: { intent: { type: 'string' }, phrases: { type: 'integer' } } } },
  },
  required: ['since', 'intents'],
} as const;
