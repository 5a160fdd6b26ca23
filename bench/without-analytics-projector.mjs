// Preloaded (`node --import`) into the built platform by `BENCH_ANALYTICS=compare npm run bench`:
// the same process with its analytics projector never started, so no event is projected into the
// analytics tables and their indexes while the chat is measured. Bench only; not a setting.
import { AnalyticsProjector } from '../dist/analytics/analytics-projector.js';

AnalyticsProjector.prototype.start = function start() {};
