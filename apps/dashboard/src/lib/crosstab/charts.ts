import type { ChartData, ChartOptions } from 'chart.js';
import type { I18n } from '$lib/i18n';
import { wrapLabel } from './matrix';

export const accent = '#1d5fa6';
/** Bars for "not known" groups: grey, still 3:1 against white as a graphic must be. */
export const mutedBar = '#6b7280';

/**
 * Series colours for stacked charts (Tableau 10, told apart by most colour-blind readers), given
 * by a stable index (a topic's place in the reference list) so a topic keeps its colour when
 * filters change.
 */
const palette = [
  '#4e79a7',
  '#f28e2b',
  '#e15759',
  '#76b7b2',
  '#59a14f',
  '#edc948',
  '#b07aa1',
  '#ff9da7',
  '#9c755f',
  '#17becf',
];

export function seriesColour(index: number): string {
  return index < 0 ? mutedBar : palette[index % palette.length]!;
}

/** One bar of a ranking: a group, its figure and its share of everyone, as the API gave them. */
export interface Ranked {
  label: string;
  /** null (with share) when hidden from a funder or share link: no bar, `mark` in the table. */
  value: number | null;
  share: number | null;
  /** A hidden group's "<k" or "—". */
  mark?: string;
  /** A "not known" group, drawn in grey. */
  unknown?: boolean;
}

/**
 * A horizontal bar chart of groups with each one's share beside its name. The share is also a
 * hidden dataset: not drawn (it has another scale) but listed in the chart's table and CSV.
 */
export function rankingChart(
  i18n: I18n,
  rows: Ranked[],
  text: { series: string; share: string; axis: string; category: string },
): {
  data: ChartData<'bar', (number | null)[], string>;
  options: ChartOptions<'bar'>;
  height: string;
  /** For `Chart`'s `marks`: the hidden groups' "<k" / "—". */
  marks: (string | undefined)[];
} {
  const percent = rows.map((row) =>
    row.share === null ? (row.mark ?? '—') : i18n.formatPercent(row.share),
  );
  const data: ChartData<'bar', (number | null)[], string> = {
    labels: rows.map((row) => row.label),
    datasets: [
      {
        label: text.series,
        data: rows.map((row) => row.value),
        backgroundColor: rows.map((row) => (row.unknown ? mutedBar : accent)),
        borderRadius: 3,
      },
      {
        label: text.share,
        // Percentage points with one decimal, as the API's share has four decimals of a ratio.
        data: rows.map((row) => (row.share === null ? null : Math.round(row.share * 1000) / 10)),
        hidden: true,
      },
    ],
  };
  const options: ChartOptions<'bar'> = {
    responsive: true,
    maintainAspectRatio: false,
    locale: i18n.locale,
    indexAxis: 'y',
    plugins: {
      legend: { display: false },
      tooltip: {
        callbacks: {
          label: (item) =>
            `${text.series}: ${i18n.formatNumber(item.parsed.x ?? 0)} (${percent[item.dataIndex]})`,
        },
      },
    },
    scales: {
      x: { beginAtZero: true, title: { display: true, text: text.axis } },
      y: {
        title: { display: false, text: text.category },
        grid: { display: false },
        ticks: {
          autoSkip: false,
          callback: (_value, index) =>
            wrapLabel(`${rows[index]?.label ?? ''} (${percent[index] ?? ''})`, 26),
        },
      },
    },
  };
  const lines = rows.reduce((sum, row) => sum + Math.ceil((row.label.length + 9) / 26), 0);
  return {
    data,
    options,
    height: `${Math.max(10, lines * 1.6 + rows.length * 1.2 + 4)}rem`,
    marks: rows.map((row) => (row.value === null ? row.mark : undefined)),
  };
}
