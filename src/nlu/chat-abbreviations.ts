// Chat shorthand expanded before features are computed, so "vc tb" and "você também" share
// features. Keys and expansions are already folded (lowercase, no accents). Kept deliberately
// small: only forms that are unambiguous in a help-desk conversation.
import type { NluLanguage } from './language.js';

const PORTUGUESE: Record<string, string> = {
  vc: 'voce',
  vcs: 'voces',
  pq: 'porque',
  pk: 'porque',
  tb: 'tambem',
  tbm: 'tambem',
  tmb: 'tambem',
  q: 'que',
  oq: 'o que',
  blz: 'beleza',
  obg: 'obrigado',
  obgd: 'obrigado',
  obgda: 'obrigada',
  brigado: 'obrigado',
  vlw: 'valeu',
  mt: 'muito',
  mto: 'muito',
  mta: 'muita',
  msm: 'mesmo',
  td: 'tudo',
  tds: 'todos',
  hj: 'hoje',
  n: 'nao',
  naum: 'nao',
  nd: 'nada',
  cmg: 'comigo',
  qdo: 'quando',
  qnd: 'quando',
  qto: 'quanto',
  pfv: 'por favor',
  pfvr: 'por favor',
  pf: 'por favor',
  dps: 'depois',
  msg: 'mensagem',
  pra: 'para',
  aki: 'aqui',
  cmo: 'como',
  kd: 'cade',
  agr: 'agora',
  bjs: 'beijos',
  sds: 'saudades',
};

const ENGLISH: Record<string, string> = {
  u: 'you',
  ur: 'your',
  r: 'are',
  pls: 'please',
  plz: 'please',
  thx: 'thanks',
  thnx: 'thanks',
  tks: 'thanks',
  ty: 'thank you',
  idk: 'i do not know',
  btw: 'by the way',
  asap: 'as soon as possible',
  msg: 'message',
  pwd: 'password',
  wanna: 'want to',
  gonna: 'going to',
  b4: 'before',
  bc: 'because',
  cuz: 'because',
  coz: 'because',
};

const SPANISH: Record<string, string> = {
  q: 'que',
  k: 'que',
  xq: 'porque',
  pq: 'porque',
  porq: 'porque',
  tb: 'tambien',
  tmb: 'tambien',
  xfa: 'por favor',
  porfa: 'por favor',
  pf: 'por favor',
  x: 'por',
  d: 'de',
  dnd: 'donde',
  msj: 'mensaje',
  bn: 'bien',
  grax: 'gracias',
  hla: 'hola',
  tqm: 'te quiero mucho',
  ntp: 'no te preocupes',
};

function toMap(table: Record<string, string>): ReadonlyMap<string, readonly string[]> {
  return new Map(Object.entries(table).map(([short, long]) => [short, long.split(' ')]));
}

/** Folded short form → folded words it stands for. */
export const CHAT_ABBREVIATIONS: Readonly<Record<NluLanguage, ReadonlyMap<string, readonly string[]>>> = {
  pt: toMap(PORTUGUESE),
  en: toMap(ENGLISH),
  es: toMap(SPANISH),
  generic: new Map(),
};
