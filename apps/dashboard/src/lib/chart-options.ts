import type { ChartOptions } from 'chart.js';
import type { Locale } from '$lib/i18n';

// The options the dashboard's plain charts share, so the overview, loyalty and webinar pages draw
// alike. Chart.js formats ticks and tooltips with Intl in `locale`.

/** One measure by a label (sectors, countries, topics): horizontal bars from zero, no legend. */
export function horizontalBarOptions(
  locale: Locale,
  valueAxis: string,
  labelAxis: string,
): ChartOptions<'bar'> {
  return {
    responsive: true,
    maintainAspectRatio: false,
    locale,
    indexAxis: 'y',
    plugins: { legend: { display: false } },
    scales: {
      x: { beginAtZero: true, title: { display: true, text: valueAxis } },
      y: { title: { display: true, text: labelAxis }, grid: { display: false } },
    },
  };
}

/** One line over time (reach growing): every point's value in the tooltip, y from zero. */
export function lineOverTimeOptions(
  locale: Locale,
  timeAxis: string,
  valueAxis: string,
): ChartOptions<'line'> {
  return {
    responsive: true,
    maintainAspectRatio: false,
    locale,
    interaction: { mode: 'index', intersect: false },
    plugins: { legend: { display: false } },
    scales: {
      x: {
        title: { display: true, text: timeAxis },
        ticks: { maxRotation: 0, autoSkipPadding: 12 },
        grid: { display: false },
      },
      y: { beginAtZero: true, title: { display: true, text: valueAxis } },
    },
  };
}
