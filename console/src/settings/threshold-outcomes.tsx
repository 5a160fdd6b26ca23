// Beside the accuracy threshold: what each threshold would have done to this assistant's own
// phrases, each classified by a model trained without it (cross-validated at training).
import { useTranslation } from 'react-i18next';
import type { Assistant } from '../api/types';
import { useResource } from '../use-resource';
import { loadNluReport, type NluReport } from './nlu-report';

const SHOWN = [10, 20, 30, 40, 50, 60];

export function ThresholdOutcomes({ assistant, currentPercent }: { assistant: Assistant; currentPercent: number }) {
  const { t } = useTranslation();
  const report = useResource<NluReport>(() => loadNluReport(assistant), `${assistant.server}/${assistant.language}`);
  if (!report.data) return null;
  if (!report.data.crossValidated) return <p className="field-hint">{t('settings.outcomesUnavailable')}</p>;
  const nearest = Math.round(currentPercent / 5) * 5;
  const rows = report.data.thresholds.filter((row) => SHOWN.includes(row.thresholdPercent) || row.thresholdPercent === nearest);
  return (
    <div className="field" data-testid="threshold-outcomes">
      <p className="field-hint">{t('settings.outcomesLead', { version: report.data.modelVersion, phrases: report.data.phrases })}</p>
      <table className="table">
        <thead>
          <tr>
            <th scope="col">{t('settings.outcomesThreshold')}</th>
            <th scope="col">{t('settings.outcomesRight')}</th>
            <th scope="col">{t('settings.outcomesWrong')}</th>
            <th scope="col">{t('settings.outcomesFallback')}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={row.thresholdPercent} aria-current={row.thresholdPercent === nearest ? 'true' : undefined}>
              <td>{row.thresholdPercent} %</td>
              <td>{row.answeredRightPercent} %</td>
              <td>{row.answeredWrongPercent} %</td>
              <td>{row.fellBackPercent} %</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
