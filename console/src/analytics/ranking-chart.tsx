// A chart of counts per day (Chart.js, canvas): stacked bars, optionally a line on a second axis
// (the fallback rate). The legend is the page's own HTML list (links and buttons a keyboard and a
// screen reader reach), so Chart.js draws none; the canvas is labelled with what it shows.
import { BarController, BarElement, CategoryScale, Chart, LinearScale, LineController, LineElement, PointElement, Tooltip, type ChartDataset } from 'chart.js';
import { useEffect, useRef } from 'react';

Chart.register(BarController, BarElement, CategoryScale, LinearScale, LineController, LineElement, PointElement, Tooltip);

/** Distinguishable colours (Okabe–Ito and Tableau-like), the last for "others". */
export const SERIES_COLOURS = ['#0b5cad', '#e69f00', '#009e73', '#cc79a7', '#56b4e9', '#d55e00', '#7b61ff', '#f0c20a', '#2a9d8f', '#8c564b'];
export const OTHERS_COLOUR = '#9aa5b1';

export interface ChartSeries {
  label: string;
  data: Array<number | null>;
  colour: string;
  /** A line on the right axis, as a percentage (0–1 values). */
  line?: boolean;
}

export function RankingChart({ labels, series, description, testId }: { labels: string[]; series: ChartSeries[]; description: string; testId?: string }) {
  const canvas = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    if (!canvas.current) return;
    const hasLine = series.some((entry) => entry.line);
    const datasets = series.map((entry): ChartDataset<'bar' | 'line', Array<number | null>> =>
      entry.line
        ? { type: 'line', label: entry.label, data: entry.data, borderColor: entry.colour, backgroundColor: entry.colour, yAxisID: 'rate', tension: 0.2, spanGaps: true }
        : { type: 'bar', label: entry.label, data: entry.data, backgroundColor: entry.colour, stack: 'counts', yAxisID: 'y' },
    );
    const reduceMotion = window.matchMedia?.('(prefers-reduced-motion: reduce)').matches ?? false;
    const chart = new Chart(canvas.current, {
      type: 'bar',
      data: { labels, datasets },
      options: {
        responsive: true,
        maintainAspectRatio: false,
        animation: reduceMotion ? false : { duration: 300 },
        interaction: { mode: 'index', intersect: false },
        plugins: { legend: { display: false }, tooltip: { enabled: true } },
        scales: {
          x: { stacked: true, ticks: { maxRotation: 0, autoSkip: true } },
          y: { stacked: true, beginAtZero: true, ticks: { precision: 0 } },
          ...(hasLine ? { rate: { position: 'right' as const, beginAtZero: true, min: 0, max: 1, grid: { drawOnChartArea: false }, ticks: { format: { style: 'percent' } } } } : {}),
        },
      },
    });
    return () => chart.destroy();
  }, [JSON.stringify(labels), JSON.stringify(series)]);
  return (
    <div className="chart-box">
      <canvas ref={canvas} role="img" aria-label={description} data-testid={testId} />
    </div>
  );
}
