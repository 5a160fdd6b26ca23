// Trial (fifth round; reverted after): CLINC150 `train`'s training CPU time (process.cpuUsage, the
// training alone), twice in one process, for the variant of NLU_TRIAL_WD. Validation split only.
import { trainModel } from '../src/nlu/index.js';
import { toIntents } from './labelled-examples.js';
import { readClinc } from './nlu-data-sets.js';

const clinc = readClinc().validation;
const times: string[] = [];
for (let i = 0; i < 2; i++) {
  const before = process.cpuUsage();
  trainModel({ language: clinc.language, intents: toIntents(clinc.train), contexts: [], regexes: [] }, { crossValidate: false });
  const cpu = process.cpuUsage(before);
  times.push(((cpu.user + cpu.system) / 1e6).toFixed(2));
}
console.log(`${process.env.NLU_TRIAL_WD || 'none'} ${times.join(' ')}`);
