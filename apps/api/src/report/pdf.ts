import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Breakdown, ProtectedBreakdown } from '@ripple/db';
import type { ReportView as Report } from './view.js';
import PDFDocument from 'pdfkit';
import { reportLabels, type LabelKey, type ReportLabels } from './labels.js';

// The impact report as an A4 PDF, drawn by pdfkit in memory: no browser, no temporary file.
// Every figure is real text in an embedded font (DejaVu Sans, which has Spanish accents, "≥",
// "<", "→"), so the PDF can be searched, copied and read aloud, and the charts are vector bars
// drawn from the same figures, each with its numbers written beside it.

const require = createRequire(import.meta.url);
// Read once per process: the fonts are the same for every report.
const FONTS = {
  regular: readFileSync(require.resolve('dejavu-fonts-ttf/ttf/DejaVuSans.ttf')),
  bold: readFileSync(require.resolve('dejavu-fonts-ttf/ttf/DejaVuSans-Bold.ttf')),
};

const PAGE = { width: 595.28, height: 841.89, margin: 50 };
const CONTENT_WIDTH = PAGE.width - 2 * PAGE.margin;
const BOTTOM = PAGE.height - PAGE.margin;
const COLOURS = {
  text: '#111827',
  muted: '#4b5563',
  rule: '#d1d5db',
  box: '#f3f4f6',
  primary: '#1d4ed8',
  secondary: '#ea580c',
  teal: '#0d9488',
};
/** Rows a bar chart lists before the rest are summed as "Others". */
const MAX_BARS = 8;

export interface ReportPdfOptions {
  /** The small-cell threshold the report's figures were protected with; null: exact figures. */
  minCellSize: number | null;
  /** When the report was made (ISO); printed on it. */
  generatedAt: string;
}

/** The report as a PDF file, in memory. */
export async function renderReportPdf(report: Report, options: ReportPdfOptions): Promise<Buffer> {
  const labels = reportLabels(report.lang);
  const doc = new PDFDocument({
    size: 'A4',
    margin: PAGE.margin,
    bufferPages: true,
    info: {
      Title: `${labels.t('title')} — ${periodText(report, labels)}`,
      Author: 'Ripple',
      Creator: 'Ripple',
      CreationDate: new Date(options.generatedAt),
    },
    lang: report.lang,
    displayTitle: true,
  });
  const chunks: Buffer[] = [];
  doc.on('data', (chunk: Buffer) => chunks.push(chunk));
  const finished = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  doc.registerFont('regular', FONTS.regular);
  doc.registerFont('bold', FONTS.bold);

  new ReportWriter(doc, report, labels, options).write();
  footers(doc, labels);
  doc.end();
  return finished;
}

/** The period as the report names it: "1 January 2024 – 31 December 2024" (to is exclusive). */
export function periodText(report: Report, labels: ReportLabels): string {
  const { from, to } = report.period;
  if (!from && !to) return labels.t('wholeProgramme');
  const start = from ? labels.day(from) : labels.t('since');
  const end = to ? labels.day(dayBefore(to)) : labels.t('untilNow');
  return `${start} – ${end}`;
}

function dayBefore(iso: string): string {
  const ms = Date.parse(`${iso}T00:00:00Z`) - 86_400_000;
  return new Date(ms).toISOString().slice(0, 10);
}

interface Bar {
  label: string;
  /** null: withheld in a protected copy; drawn as no bar, its text says why. */
  value: number | null;
  text: string;
}

class ReportWriter {
  constructor(
    private readonly doc: PDFKit.PDFDocument,
    private readonly report: Report,
    private readonly l: ReportLabels,
    private readonly options: ReportPdfOptions,
  ) {}

  write(): void {
    this.titleBlock();
    this.reach();
    this.funnel();
    this.audience();
    this.satisfaction();
    this.uses();
    this.stories();
    this.methods();
  }

  // --- text helpers ------------------------------------------------------------------------

  private ensureSpace(height: number): void {
    if (this.doc.y + height > BOTTOM) this.doc.addPage();
  }

  private heading(key: LabelKey): void {
    this.ensureSpace(90);
    this.doc.moveDown(0.8);
    this.doc.font('bold').fontSize(14).fillColor(COLOURS.text);
    this.doc.text(this.l.t(key), PAGE.margin, this.doc.y, { width: CONTENT_WIDTH });
    this.doc.moveDown(0.3);
  }

  private subheading(text: string): void {
    this.ensureSpace(50);
    this.doc.moveDown(0.4);
    this.doc.font('bold').fontSize(10.5).fillColor(COLOURS.text);
    this.doc.text(text, PAGE.margin, this.doc.y, { width: CONTENT_WIDTH });
    this.doc.moveDown(0.2);
  }

  private para(text: string, { muted = false, size = 9.5 } = {}): void {
    this.doc
      .font('regular')
      .fontSize(size)
      .fillColor(muted ? COLOURS.muted : COLOURS.text);
    this.doc.text(text, PAGE.margin, this.doc.y, { width: CONTENT_WIDTH });
  }

  // --- sections ----------------------------------------------------------------------------

  private titleBlock(): void {
    const { doc, l, report } = this;
    doc.font('bold').fontSize(22).fillColor(COLOURS.text).text(l.t('title'));
    doc.font('regular').fontSize(11).fillColor(COLOURS.muted).text(l.t('programme'));
    doc.moveDown(0.6);
    const line = (label: string, value: string) => {
      doc.font('bold').fontSize(10).fillColor(COLOURS.text).text(`${label}: `, { continued: true });
      doc.font('regular').text(value);
    };
    line(l.t('period'), periodText(report, l));
    line(l.t('scope'), scopeText(report, l));
    line(l.t('generated'), l.day(this.options.generatedAt));
    doc
      .moveTo(PAGE.margin, doc.y + 8)
      .lineTo(PAGE.width - PAGE.margin, doc.y + 8)
      .strokeColor(COLOURS.rule)
      .stroke();
    doc.moveDown(0.5);
  }

  private reach(): void {
    const { l, report } = this;
    const o = report.overview;
    this.heading('reach');
    const before = o.comparison?.figures ?? null;
    // A one-year period's "period before" is the year before: one column says it.
    const year =
      report.yearBefore && report.yearBefore.from !== o.comparison?.from
        ? report.yearBefore.figures
        : null;
    type Key = keyof typeof o & keyof NonNullable<typeof before>;
    const rows: Array<{ key: LabelKey; field: Key; kind: 'count' | 'rate' }> = [
      { key: 'uniqueParticipants', field: 'uniqueParticipants', kind: 'count' },
      { key: 'newParticipants', field: 'newParticipants', kind: 'count' },
      { key: 'webinarsHeld', field: 'webinarsHeld', kind: 'count' },
      { key: 'attendances', field: 'attendances', kind: 'count' },
      { key: 'registrations', field: 'registrations', kind: 'count' },
      { key: 'countries', field: 'countries', kind: 'count' },
      { key: 'speakers', field: 'speakers', kind: 'count' },
      { key: 'attendanceRate', field: 'attendanceRate', kind: 'rate' },
      { key: 'returningShare', field: 'returningShare', kind: 'rate' },
    ];
    const show = (value: unknown, kind: 'count' | 'rate') =>
      kind === 'rate'
        ? l.percent(value as number | null)
        : l.count(value as number | string | null);
    const header = [l.t('figure'), l.t('thisPeriod')];
    if (before) header.push(l.t('periodBefore'), l.t('change'));
    if (year) header.push(l.t('yearBefore'));
    this.table(
      header,
      rows.map(({ key, field, kind }) => [
        l.t(key),
        show(o[field], kind),
        ...(before ? [show(before[field], kind), change(o[field], before[field], kind, l)] : []),
        ...(year ? [show(year[field], kind)] : []),
      ]),
    );

    // A protected copy has no running totals: consecutive ones give back small quarters.
    const points = report.cumulative?.points ?? [];
    const last = points.at(-1);
    if (last) {
      this.subheading(l.t('cumulative'));
      this.para(
        l.t('cumulativeTotal', {
          total: l.count(last.cumulativeParticipants),
          date: l.day(report.period.lastWebinar ?? endOfQuarter(last.period)),
        }),
      );
      this.columns(
        points.map((p) => ({
          label: quarterLabel(p.period, l.lang),
          value: p.cumulativeParticipants,
          text: l.count(p.cumulativeParticipants),
        })),
      );
    }
  }

  private funnel(): void {
    const { l, report } = this;
    const f = report.impact.funnel;
    this.heading('funnel');
    this.bars(
      [
        { label: l.t('registered'), value: report.overview.registrations },
        { label: l.t('attended'), value: report.overview.attendances },
        { label: l.t('invited'), value: f.post.invited },
        { label: l.t('answered'), value: f.post.answered },
        { label: l.t('followupAnswered'), value: f.followup.answered },
      ].map((step) => ({ ...step, text: l.count(step.value) })),
      COLOURS.primary,
    );
    this.para(l.t('funnelNote'), { muted: true, size: 8.5 });
  }

  private audience(): void {
    const { l, report } = this;
    this.heading('audience');
    const a = report.audience;
    const part = (
      title: LabelKey,
      breakdown: Breakdown | ProtectedBreakdown,
      name: (key: string) => string,
    ) => {
      if (breakdown.rows.length === 0) return;
      this.subheading(l.t(title));
      this.bars(topBars(breakdown, name, l, this.options.minCellSize), COLOURS.teal);
    };
    part('sectors', a.sector, (k) => l.sector(k));
    part('regions', a.region, (k) => l.region(k));
    part('incomeGroups', a.income_group, (k) => l.incomeGroup(k));
    part('languages', a.language, (k) => l.language(k));
    // Gender is asked in some registrations only: shown where anyone gave it.
    if (a.gender.rows.some((row) => row.key !== null)) {
      part('gender', a.gender, (k) => k);
    }
    if (a.sector.rows.length === 0) this.para(l.t('noData'), { muted: true });
  }

  private satisfaction(): void {
    const { l, report } = this;
    const i = report.impact;
    this.heading('satisfaction');
    this.para(
      l.t('satisfactionMean', {
        mean: l.decimal(i.satisfaction.mean, 2),
        n: l.count(i.satisfaction.n),
        relevance: l.decimal(i.relevance.mean, 2),
      }),
    );
    this.para(l.t('nps', { nps: l.decimal(i.recommend.nps, 0), n: l.count(i.recommend.n) }));
    this.doc.moveDown(0.4);
    const n = i.satisfaction.n;
    if (n !== null && n > 0) {
      this.bars(
        [...i.satisfaction.counts].reverse().map((c) => ({
          label: l.t('rating', { value: c.value }),
          value: c.count,
          text:
            c.count === null
              ? withheld(l, this.options.minCellSize, 'suppressed' in c ? c : {})
              : `${l.count(c.count)} (${l.percent(c.count / n)})`,
        })),
        COLOURS.primary,
      );
    }
  }

  private uses(): void {
    const { l, report } = this;
    const i = report.impact;
    this.heading('uses');
    this.para(
      l.t('applied', {
        rate: l.percent(i.applied.rate),
        n: l.count(i.applied.n),
        yes: l.count(i.applied.yes),
        partly: l.count(i.applied.partly),
        no: l.count(i.applied.no),
      }),
    );
    this.para(
      l.t('usesNote', { intended: l.count(i.intendedUses.n), actual: l.count(i.actualUses.n) }),
      { muted: true, size: 8.5 },
    );
    const all = [...i.intendedUses.rows, ...i.actualUses.rows];
    const values = all
      .map((row) => row.value)
      .filter((value, index, list) => list.indexOf(value) === index);
    if (values.length === 0) return;
    this.doc.moveDown(0.4);
    this.pairedBars(
      values.map((value) => {
        const planned = i.intendedUses.rows.find((row) => row.value === value);
        const done = i.actualUses.rows.find((row) => row.value === value);
        return {
          label: planned?.label ?? done?.label ?? value,
          a: planned?.share ?? 0,
          b: done?.share ?? 0,
        };
      }),
      [l.t('planned'), l.t('done')],
    );
  }

  private stories(): void {
    const { doc, l, report } = this;
    this.heading('stories');
    const { items, total } = report.stories;
    if (items.length === 0) {
      this.para(l.t('storiesNone'), { muted: true });
      return;
    }
    for (const story of items) {
      const quote = story.quotes.map((q) => q.text).join(' … ');
      const who = [story.displayName ?? l.t('anonymous'), story.country && l.country(story.country)]
        .filter(Boolean)
        .join(', ');
      const source = `— ${who} · ${story.webinar.title}`;
      doc.font('regular').fontSize(10);
      const height =
        doc.heightOfString(`“${quote}”`, { width: CONTENT_WIDTH - 14 }) +
        doc.heightOfString(source, { width: CONTENT_WIDTH - 14 }) +
        14;
      this.ensureSpace(height);
      const top = doc.y;
      doc.rect(PAGE.margin, top, 3, height - 8).fill(COLOURS.secondary);
      doc
        .fillColor(COLOURS.text)
        .font('regular')
        .fontSize(10)
        .text(`“${quote}”`, PAGE.margin + 14, top, { width: CONTENT_WIDTH - 14 });
      doc
        .fillColor(COLOURS.muted)
        .fontSize(8.5)
        .text(source, PAGE.margin + 14, doc.y + 2, { width: CONTENT_WIDTH - 14 });
      doc.y = top + height;
    }
    if (total > items.length) {
      this.para(l.t('storiesMore', { shown: l.count(items.length), total: l.count(total) }), {
        muted: true,
        size: 8.5,
      });
    }
  }

  private methods(): void {
    const { doc, l, report } = this;
    const o = report.overview;
    const i = report.impact;
    const k = this.options.minCellSize;
    const { firstWebinar, lastWebinar, timeZone } = report.period;
    const paragraphs = [
      l.t('methodsCounts', {
        webinars: l.count(o.webinarsHeld),
        participants: l.count(o.uniqueParticipants),
        attendances: l.count(o.attendances),
        registrations: l.count(o.registrations),
        post: l.count(i.responses.post),
        followup: l.count(i.responses.followup),
      }),
      l.t('methodsRates', {
        postRate: l.percent(i.funnel.post.rate),
        postAnswered: l.count(i.funnel.post.answered),
        postInvited: l.count(i.funnel.post.invited),
        followupRate: l.percent(i.funnel.followup.rate),
        followupAnswered: l.count(i.funnel.followup.answered),
        followupInvited: l.count(i.funnel.followup.invited),
      }),
      l.t('methodsDenominators', {
        satisfaction: l.count(i.satisfaction.n),
        recommend: l.count(i.recommend.n),
        intended: l.count(i.intendedUses.n),
        applied: l.count(i.applied.n),
      }),
      l.t('methodsPeople'),
      k === null ? l.t('methodsExact') : l.t('methodsSmallCells', { k, km1: k - 1 }),
      firstWebinar && lastWebinar
        ? l.t('methodsDates', {
            first: l.day(firstWebinar),
            last: l.day(lastWebinar),
            tz: timeZone,
          })
        : l.t('methodsDatesNone', { tz: timeZone }),
    ];
    const pad = 10;
    const width = CONTENT_WIDTH - 2 * pad;
    doc.font('regular').fontSize(8.5);
    const bodyHeight = paragraphs.reduce(
      (sum, text) => sum + doc.heightOfString(text, { width }) + 4,
      0,
    );
    const height = bodyHeight + 2 * pad + 20;
    doc.moveDown(1);
    this.ensureSpace(height);
    const top = doc.y;
    doc.rect(PAGE.margin, top, CONTENT_WIDTH, height).fill(COLOURS.box);
    doc.rect(PAGE.margin, top, CONTENT_WIDTH, height).lineWidth(0.5).stroke(COLOURS.rule);
    doc
      .font('bold')
      .fontSize(11)
      .fillColor(COLOURS.text)
      .text(l.t('methods'), PAGE.margin + pad, top + pad, { width });
    doc.moveDown(0.3);
    for (const text of paragraphs) {
      doc
        .font('regular')
        .fontSize(8.5)
        .fillColor(COLOURS.text)
        .text(text, PAGE.margin + pad, doc.y, { width });
      doc.y += 4;
    }
    doc.y = top + height;
  }

  // --- charts and tables -------------------------------------------------------------------

  /** A simple table: first column left, the others right-aligned figures. */
  private table(header: string[], rows: string[][]): void {
    const { doc } = this;
    const first = header.length > 4 ? 145 : 190;
    const other = (CONTENT_WIDTH - first) / (header.length - 1);
    const x = (column: number) => PAGE.margin + (column === 0 ? 0 : first + (column - 1) * other);
    const width = (column: number) => (column === 0 ? first : other) - 6;
    const line = (cells: string[], bold: boolean) => {
      this.ensureSpace(16);
      const top = doc.y;
      doc
        .font(bold ? 'bold' : 'regular')
        .fontSize(bold ? 8.5 : 9)
        .fillColor(COLOURS.text);
      cells.forEach((cell, column) =>
        doc.text(cell, x(column), top, {
          width: width(column),
          align: column === 0 ? 'left' : 'right',
          height: 11,
          ellipsis: true,
        }),
      );
      doc
        .moveTo(PAGE.margin, top + 13)
        .lineTo(PAGE.margin + CONTENT_WIDTH, top + 13)
        .lineWidth(0.4)
        .strokeColor(COLOURS.rule)
        .stroke();
      doc.y = top + 16;
    };
    line(header, true);
    for (const row of rows) line(row, false);
  }

  /** Horizontal bars, each with its label on the left and its figure on the right. */
  private bars(rows: Bar[], colour: string): void {
    const { doc } = this;
    const labelWidth = 170;
    const textWidth = 90;
    const barWidth = CONTENT_WIDTH - labelWidth - textWidth - 12;
    const max = Math.max(1, ...rows.map((row) => row.value ?? 0));
    for (const row of rows) {
      this.ensureSpace(15);
      const top = doc.y;
      doc.font('regular').fontSize(8.5).fillColor(COLOURS.text);
      // One line: pdfkit cuts a text with an ellipsis only to a height.
      doc.text(row.label, PAGE.margin, top + 1, {
        width: labelWidth - 6,
        height: 10,
        ellipsis: true,
      });
      const length = ((row.value ?? 0) / max) * barWidth;
      doc.rect(PAGE.margin + labelWidth, top, Math.max(length, 0.5), 10).fill(colour);
      doc.fillColor(COLOURS.text).text(row.text, PAGE.margin + labelWidth + barWidth + 6, top + 1, {
        width: textWidth + 6,
        lineBreak: false,
      });
      doc.y = top + 14;
    }
    doc.x = PAGE.margin;
  }

  /** Two bars per row (shares 0–1), with a legend: planned beside done. */
  private pairedBars(rows: Array<{ label: string; a: number; b: number }>, legend: string[]): void {
    const { doc, l } = this;
    const labelWidth = 190;
    const textWidth = 45;
    const barWidth = CONTENT_WIDTH - labelWidth - textWidth - 12;
    const max = Math.max(0.01, ...rows.flatMap((row) => [row.a, row.b]));
    const colours = [COLOURS.primary, COLOURS.secondary];
    this.ensureSpace(16);
    let legendX = PAGE.margin + labelWidth;
    const legendTop = doc.y;
    legend.forEach((name, index) => {
      doc.rect(legendX, legendTop + 1, 8, 8).fill(colours[index]);
      doc.font('regular').fontSize(8.5).fillColor(COLOURS.text);
      doc.text(name, legendX + 12, legendTop, { lineBreak: false });
      legendX += 12 + doc.widthOfString(name) + 16;
    });
    doc.y = legendTop + 16;
    for (const row of rows) {
      this.ensureSpace(26);
      const top = doc.y;
      doc.font('regular').fontSize(8.5).fillColor(COLOURS.text);
      doc.text(row.label, PAGE.margin, top + 1, {
        width: labelWidth - 6,
        height: 22,
        ellipsis: true,
      });
      [row.a, row.b].forEach((share, index) => {
        const y = top + index * 11;
        doc
          .rect(PAGE.margin + labelWidth, y, Math.max((share / max) * barWidth, 0.5), 9)
          .fill(colours[index]);
        doc
          .fillColor(COLOURS.text)
          .fontSize(8)
          .text(l.percent(share), PAGE.margin + labelWidth + barWidth + 6, y, {
            width: textWidth + 6,
            lineBreak: false,
          });
      });
      doc.y = top + 26;
    }
    doc.x = PAGE.margin;
  }

  /** Vertical columns over time (cumulative reach), labelled at each year's first quarter. */
  private columns(rows: Bar[]): void {
    const { doc } = this;
    const height = 110;
    this.ensureSpace(height + 30);
    const top = doc.y + 14;
    const max = Math.max(1, ...rows.map((row) => row.value ?? 0));
    const step = CONTENT_WIDTH / rows.length;
    const width = Math.max(1, step * 0.75);
    doc.font('regular').fontSize(7.5).fillColor(COLOURS.muted);
    doc.text(rows.at(-1)!.text, PAGE.margin, top - 12, { width: CONTENT_WIDTH, align: 'right' });
    rows.forEach((row, index) => {
      const barHeight = ((row.value ?? 0) / max) * height;
      const x = PAGE.margin + index * step;
      doc.rect(x, top + height - barHeight, width, Math.max(barHeight, 0.5)).fill(COLOURS.primary);
    });
    doc
      .moveTo(PAGE.margin, top + height)
      .lineTo(PAGE.margin + CONTENT_WIDTH, top + height)
      .lineWidth(0.5)
      .strokeColor(COLOURS.muted)
      .stroke();
    // One label per year at most, so they never overlap.
    let lastLabelEnd = -Infinity;
    doc.font('regular').fontSize(7).fillColor(COLOURS.muted);
    rows.forEach((row, index) => {
      const x = PAGE.margin + index * step;
      const labelWidth = doc.widthOfString(row.label);
      if (x < lastLabelEnd + 6 || x + labelWidth > PAGE.margin + CONTENT_WIDTH) return;
      doc.text(row.label, x, top + height + 3, { lineBreak: false });
      lastLabelEnd = x + labelWidth;
    });
    doc.x = PAGE.margin;
    doc.y = top + height + 16;
  }
}

/** The first MAX_BARS groups of a breakdown, the rest summed as "Others". */
function topBars(
  breakdown: Breakdown | ProtectedBreakdown,
  name: (key: string) => string,
  l: ReportLabels,
  minCellSize: number | null,
): Bar[] {
  const named = (key: string | null, label: string | null) =>
    key === null ? l.t('notKnown') : (label ?? name(key));
  const bar = (
    label: string,
    value: number | null,
    share: number | null,
    hidden?: { suppressed?: 'small' | 'withheld' },
  ): Bar => ({
    label,
    value,
    text:
      value === null
        ? withheld(l, minCellSize, hidden ?? {})
        : share === null
          ? l.count(value)
          : `${l.count(value)} (${l.percent(share)})`,
  });
  const rows: ReadonlyArray<{
    key: string | null;
    label: string | null;
    participants: number | null;
    share: number | null;
    suppressed?: 'small' | 'withheld';
  }> = breakdown.rows;
  const shown = rows.slice(0, MAX_BARS);
  const rest = rows.slice(MAX_BARS);
  const bars = shown.map((row) => bar(named(row.key, row.label), row.participants, row.share, row));
  if (rest.length > 0) {
    // A person belongs to one group of a person's dimension, so the rest add up; with any of
    // them withheld, so is their sum (it would give the withheld ones back).
    const anyHidden = rest.some((row) => row.participants === null);
    const value = anyHidden ? null : rest.reduce((sum, row) => sum + (row.participants ?? 0), 0);
    const share = anyHidden ? null : rest.reduce((sum, row) => sum + (row.share ?? 0), 0);
    bars.push(bar(l.t('others'), value, share, { suppressed: 'withheld' }));
  }
  return bars;
}

/** How a withheld figure reads: "<5" for a small count, a dash for a complement. */
function withheld(
  l: ReportLabels,
  minCellSize: number | null,
  cell: { suppressed?: 'small' | 'withheld' },
): string {
  return cell.suppressed === 'small' && minCellSize !== null ? `<${minCellSize}` : l.count(null);
}

/**
 * Growth against the period before: a count's relative change ("+12.5 %"), a rate's change in
 * percentage points ("−3.1 pts"); a dash where there is nothing to compare (or a figure withheld).
 */
function change(now: unknown, before: unknown, kind: 'count' | 'rate', l: ReportLabels): string {
  if (typeof now !== 'number' || typeof before !== 'number') return '—';
  const signed = (value: number, text: string) => (value > 0 ? `+${text}` : text);
  if (kind === 'rate') {
    const points = (now - before) * 100;
    return l.t('points', { value: signed(points, l.decimal(points, 1)) });
  }
  if (before === 0) return '—';
  const ratio = now / before - 1;
  return signed(ratio, l.percent(ratio));
}

function scopeText(report: Report, l: ReportLabels): string {
  const { series, topics, workingGroups, regions } = report.scope;
  const parts = [
    ...series.map((s) => `${l.t('series')} ${s.label}`),
    ...topics.map((t) => `${l.t('topic')} ${t.label}`),
    ...workingGroups.map((g) => `${l.t('workingGroup')} ${g.label}`),
    ...regions.map((r) => `${l.t('region')} ${l.region(r)}`),
  ];
  return parts.length ? parts.join(' · ') : l.t('scopeAll');
}

/** 'YYYY-MM-DD' of a quarter's first day → its label, "Q1 2024" / "T1 2024". */
function quarterLabel(period: string, lang: string): string {
  const [year, month] = period.split('-').map(Number) as [number, number];
  return `${lang === 'es' ? 'T' : 'Q'}${Math.floor((month - 1) / 3) + 1} ${year}`;
}

/** The last day of the quarter starting on `period`. */
function endOfQuarter(period: string): string {
  const [year, month] = period.split('-').map(Number) as [number, number];
  return new Date(Date.UTC(year, month - 1 + 3, 0)).toISOString().slice(0, 10);
}

/** "Page n of total" at the foot of every page, once the number of pages is known. */
function footers(doc: PDFKit.PDFDocument, l: ReportLabels): void {
  const range = doc.bufferedPageRange();
  for (let index = 0; index < range.count; index++) {
    doc.switchToPage(range.start + index);
    // Writing in the bottom margin would otherwise make pdfkit start a new page.
    const bottom = doc.page.margins.bottom;
    doc.page.margins.bottom = 0;
    doc
      .font('regular')
      .fontSize(8)
      .fillColor(COLOURS.muted)
      .text(
        `Ripple · ${l.t('title')} · ${l.t('page', { n: index + 1, total: range.count })}`,
        PAGE.margin,
        PAGE.height - 32,
        { width: CONTENT_WIDTH, align: 'center', lineBreak: false },
      );
    doc.page.margins.bottom = bottom;
  }
}
