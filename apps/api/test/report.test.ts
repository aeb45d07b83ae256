import { generateDemo } from '@ripple/db';
import { sql } from 'kysely';
import { PDFParse } from 'pdf-parse';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from './helpers.js';

// The impact report on a small demo: its JSON must say what the endpoints it is made of say for
// the same period and scope, its PDF must carry the headline figures as text in English and
// Spanish, and a bad period or scope must be a 400 that says what is wrong.

let t: TestApp;
let seriesId: number;
let region: string;
let approvedResponseId: number;
let from: string;
let to: string;

interface Overview {
  uniqueParticipants: number;
  webinarsHeld: number;
  attendances: number;
  registrations: number;
  countries: number;
  comparison: { from: string; to: string; figures: { uniqueParticipants: number } } | null;
}
interface Report {
  lang: string;
  period: { from: string | null; to: string | null; firstWebinar: string | null };
  scope: { series: Array<{ id: number; label: string }>; regions: string[] };
  overview: Overview;
  yearBefore: { from: string; to: string; figures: Record<string, unknown> } | null;
  cumulative: { interval: string; points: Array<{ cumulativeParticipants: number }> };
  audience: Record<
    string,
    { dimension: string; rows: Array<{ key: string | null; participants: number }> }
  >;
  impact: {
    funnel: { post: { invited: number; answered: number } };
    satisfaction: { n: number; mean: number | null };
  };
  stories: { total: number; items: Array<{ responseId: number; approvedAt: string | null }> };
  methods: { minCellSize: number | null };
}

async function get<T>(url: string): Promise<T> {
  const res = await t.app.inject({ method: 'GET', url });
  expect(res.statusCode, res.body).toBe(200);
  return res.json<T>();
}

async function pdfText(url: string): Promise<{ text: string; headers: Record<string, unknown> }> {
  const res = await t.app.inject({ method: 'GET', url });
  expect(res.statusCode, res.body.slice(0, 300)).toBe(200);
  const body = res.rawPayload;
  expect(body.subarray(0, 5).toString('latin1')).toBe('%PDF-');
  const parser = new PDFParse({ data: new Uint8Array(body) });
  try {
    return { text: (await parser.getText()).text, headers: res.headers };
  } finally {
    await parser.destroy();
  }
}

beforeAll(async () => {
  t = await buildTestApp();
  const db = t.database.db;
  await generateDemo(db, { participants: 400, webinars: 12 });
  // A period that holds some webinars and has a period of the same length before it.
  const span = await sql<{ first: string; last: string }>`
    select to_char(min(starts_at), 'YYYY-MM-DD') as first, to_char(max(starts_at), 'YYYY-MM-DD') as last
    from webinar where status = 'held'
  `.execute(db);
  const { first, last } = span.rows[0]!;
  const middle = new Date((Date.parse(first) + Date.parse(last)) / 2);
  from = middle.toISOString().slice(0, 10);
  to = new Date(Date.parse(last) + 86_400_000).toISOString().slice(0, 10);

  const series = await db
    .selectFrom('webinar')
    .select('series_id')
    .where('series_id', 'is not', null)
    .executeTakeFirstOrThrow();
  seriesId = series.series_id!;
  region = (
    await sql<{ region: string }>`
      select cc.region, count(*) from participant p join country_classification cc on cc.iso2 = p.country
      group by cc.region order by count(*) desc, cc.region limit 1
    `.execute(db)
  ).rows[0]!.region;

  // One consenting quote approved in the period: the report shows it and only it.
  const quotable = await get<{ items: Array<{ responseId: number }> }>(
    `/api/impact/testimonials?status=pending&from=${from}&to=${to}&limit=2`,
  );
  expect(quotable.items.length).toBeGreaterThan(0);
  approvedResponseId = quotable.items[0]!.responseId;
  const approve = await t.app.inject({
    method: 'POST',
    url: `/api/impact/testimonials/${approvedResponseId}/approval`,
  });
  expect(approve.statusCode, approve.body).toBe(200);
});
afterAll(async () => {
  await t?.close();
});

describe('GET /api/report', () => {
  it('has the figures of /api/overview, /api/impact, the breakdowns and the approved testimonials for the same period and scope', async () => {
    const scope = `from=${from}&to=${to}&region=${encodeURIComponent(region)}`;
    const report = await get<Report>(`/api/report?${scope}&lang=es`);
    const overview = await get<Overview>(`/api/overview?${scope}&compare=previous`);
    const impact = await get<unknown>(`/api/impact?${scope}&lang=es`);
    const sectors = await get<unknown>(
      `/api/breakdown/sector?${scope}&sort=participants&order=desc&limit=50&lang=es`,
    );
    const stories = await get<unknown>(
      `/api/impact/testimonials?${scope}&status=approved&limit=12`,
    );
    const cumulative = await get<unknown>(
      `/api/reach/cumulative?to=${to}&region=${encodeURIComponent(region)}&interval=quarter`,
    );

    expect(report.overview.uniqueParticipants).toBeGreaterThan(0);
    expect(report.overview).toEqual(overview);
    expect(report.overview.comparison).not.toBeNull();
    expect(report.impact).toEqual(impact);
    expect(report.impact.funnel.post.invited).toBeGreaterThan(0);
    expect(report.audience.sector).toEqual(sectors);
    expect(report.stories).toEqual(stories);
    expect(report.cumulative).toEqual(cumulative);
    expect(report.scope.regions).toEqual([region]);
    expect(report.period).toMatchObject({ from, to });
    expect(report.methods).toEqual({ minCellSize: null });
    expect(Object.keys(report.audience)).toEqual([
      'sector',
      'region',
      'income_group',
      'language',
      'gender',
    ]);
    // The scope is one region: every reached person is in it.
    expect(report.audience.region!.rows.map((r) => r.key)).toEqual([region]);
  });

  it('lists only testimonials a manager approved', async () => {
    const report = await get<Report>(`/api/report?from=${from}&to=${to}`);
    expect(report.stories.total).toBe(1);
    expect(report.stories.items.map((s) => s.responseId)).toEqual([approvedResponseId]);
    expect(report.stories.items[0]!.approvedAt).not.toBeNull();
  });

  it('compares with the year before when the period has two ends, and covers the whole programme without dates', async () => {
    const dated = await get<Report>(`/api/report?from=${from}&to=${to}&series=${seriesId}`);
    const yearAgo = await get<Overview>(
      `/api/overview?from=${dated.yearBefore!.from}&to=${dated.yearBefore!.to}&series=${seriesId}`,
    );
    // The year before has the headline figures alone, without sectors or a comparison.
    const figures: Record<string, unknown> = { ...yearAgo };
    delete figures.bySector;
    delete figures.comparison;
    expect(dated.yearBefore!.figures).toEqual(figures);
    expect(dated.scope.series.map((s) => s.id)).toEqual([seriesId]);

    const whole = await get<Report>('/api/report');
    const overview = await get<Overview>('/api/overview');
    expect(whole.overview).toEqual(overview);
    expect(whole.yearBefore).toBeNull();
    expect(whole.period.from).toBeNull();
    expect(whole.cumulative.points.at(-1)!.cumulativeParticipants).toBe(
      overview.uniqueParticipants,
    );
  });

  it('reads its reach parts from the reach cache, and shows a write to attendance at once', async () => {
    const url = `/api/report?from=${from}&to=${to}&series=${seriesId}&lang=es`;
    const first = await t.app.inject({ method: 'GET', url });
    const again = await t.app.inject({ method: 'GET', url });
    expect(again.statusCode, again.body).toBe(200);
    expect(again.headers['x-reach-cache']).toBe('hit');
    const figures = (body: string) => ({
      ...(JSON.parse(body) as Record<string, unknown>),
      generatedAt: undefined,
    });
    expect(figures(again.body)).toEqual(figures(first.body));

    // One more attendance in the period: the cached parts must not hide it.
    const db = t.database.db;
    const before = first.json<Report>();
    const added = await sql<{ webinar_id: number; participant_id: number }>`
      insert into attendance (webinar_id, participant_id, registered, attended, minutes)
      select w.id, p.id, true, true, 30
      from webinar w cross join participant p
      where w.status = 'held' and w.series_id = ${seriesId}
        and w.starts_at >= ${from}::date and w.starts_at < ${to}::date
        and not exists (
          select 1 from attendance a join webinar aw on aw.id = a.webinar_id
          where a.participant_id = p.id and aw.series_id = ${seriesId}
            and aw.starts_at >= ${from}::date and aw.starts_at < ${to}::date
        )
      order by w.id, p.id limit 1
      returning webinar_id, participant_id
    `.execute(db);
    expect(added.rows).toHaveLength(1);
    try {
      const after = await t.app.inject({ method: 'GET', url });
      expect(after.headers['x-reach-cache']).toBe('miss');
      const report = after.json<Report>();
      expect(report.overview.uniqueParticipants).toBe(before.overview.uniqueParticipants + 1);
      expect(report.overview.attendances).toBe(before.overview.attendances + 1);
      const total = (r: Report) =>
        r.audience.sector!.rows.reduce((sum, row) => sum + row.participants, 0);
      expect(total(report)).toBe(total(before) + 1);
    } finally {
      const { webinar_id, participant_id } = added.rows[0]!;
      await sql`delete from attendance where webinar_id = ${webinar_id} and participant_id = ${participant_id}`.execute(
        db,
      );
    }
  });

  it('refuses a bad period or scope with a 400 that says what is wrong', async () => {
    const cases: Array<[string, RegExp]> = [
      ['from=2015-06-01&to=2015-01-01', /from \(2015-06-01\) must be before to \(2015-01-01\)/],
      ['from=2015-03-01&to=2015-03-01', /must be before to/],
      ['from=2015-02-30', /from.*date/],
      ['to=yesterday', /to.*date/],
      ['series=999999', /series: no series 999999/],
      ['topic=999998', /topic: no topic 999998/],
      ['workingGroup=999997', /workingGroup: no working group 999997/],
      ['lang=fr', /lang/],
      ['tz=Mars/Olympus', /tz: unknown time zone/],
      ['country=AR', /additional properties: unknown field "country"/],
    ];
    for (const [query, message] of cases) {
      for (const path of ['/api/report', '/api/report.pdf']) {
        const res = await t.app.inject({ method: 'GET', url: `${path}?${query}` });
        expect(res.statusCode, `${path}?${query}`).toBe(400);
        expect(res.json<{ message: string }>().message, `${path}?${query}`).toMatch(message);
      }
    }
  });
});

describe('GET /api/report.pdf', () => {
  const count = (lang: string, n: number) => new Intl.NumberFormat(lang).format(n);

  it('is a PDF attachment whose text holds the headline figures, in English', async () => {
    const query = `from=${from}&to=${to}&series=${seriesId}`;
    const report = await get<Report>(`/api/report?${query}`);
    const { text, headers } = await pdfText(`/api/report.pdf?${query}`);
    expect(headers['content-type']).toBe('application/pdf');
    const lastDay = new Date(Date.parse(to) - 86_400_000).toISOString().slice(0, 10);
    expect(headers['content-disposition']).toBe(
      `attachment; filename="ripple-impact-report-${from}-${lastDay}.pdf"`,
    );
    expect(text).toContain('Impact report');
    const o = report.overview;
    expect(text).toMatch(
      new RegExp(`Unique participants\\s+${count('en', o.uniqueParticipants)}\\s`),
    );
    expect(text).toMatch(new RegExp(`Webinars held\\s+${count('en', o.webinarsHeld)}\\s`));
    expect(text).toMatch(new RegExp(`Attendances\\s+${count('en', o.attendances)}\\s`));
    expect(text).toMatch(new RegExp(`Registrations\\s+${count('en', o.registrations)}\\s`));
    expect(text).toContain(
      `${count('en', report.impact.funnel.post.answered)} of ${count('en', report.impact.funnel.post.invited)} personal invitations`,
    );
    expect(text).toContain('Methods');
    expect(text).toContain('k ≥ 2');
    // The charts' bars carry their figures as text: the largest sector with its count and share.
    const sectorNames: Record<string, string> = {
      government: 'Government',
      civil_society: 'Civil society',
      private_sector: 'Private sector',
      international_organisation: 'International organisation',
    };
    const topSector = report.audience.sector!.rows[0]!;
    expect(text).toMatch(
      new RegExp(
        `${sectorNames[topSector.key!]}\\s+${count('en', topSector.participants)} \\(\\d+(\\.\\d)?%\\)`,
      ),
    );
  });

  it('speaks Spanish with its accents when asked to', async () => {
    const query = `from=${from}&to=${to}&lang=es`;
    const report = await get<Report>(`/api/report?${query}`);
    const { text, headers } = await pdfText(`/api/report.pdf?${query}`);
    expect(String(headers['content-disposition'])).toMatch(
      /^attachment; filename="ripple-informe-impacto-\d{4}-\d{2}-\d{2}-\d{4}-\d{2}-\d{2}\.pdf"$/,
    );
    expect(text).toContain('Informe de impacto');
    expect(text).toMatch(
      new RegExp(`Participantes únicos\\s+${count('es', report.overview.uniqueParticipants)}\\s`),
    );
    expect(text).toMatch(
      new RegExp(`Webinarios realizados\\s+${count('es', report.overview.webinarsHeld)}\\s`),
    );
    expect(text).toContain('Métodos');
    expect(text).toContain('A quién se alcanzó');
    expect(text).toContain('«<k»');
  });
});

describe('the report for funders', () => {
  it('withholds small cells part by part, drops running totals, and says so in the PDF', async () => {
    const funder = await t.sessionOf('funder');
    const year = Number(from.slice(0, 4));
    // Whole calendar years: the granularity a funder may ask for.
    const period = `from=${year}-01-01&to=${year + 2}-01-01`;
    const asFunder = (url: string) => t.anonymous({ method: 'GET', url, headers: funder });

    const refused = await asFunder(`/api/report?from=${from}&to=${to}`);
    if (!from.endsWith('-01-01')) expect(refused.statusCode).toBe(400);

    const res = await asFunder(`/api/report?${period}`);
    expect(res.statusCode, res.body).toBe(200);
    const report = res.json<{
      protected: boolean;
      cumulative: unknown;
      overview: { uniqueParticipants: number | null; comparison: unknown; minCellSize: number };
      audience: Record<
        string,
        { rows: Array<{ key: string | null; participants: number | null; suppressed?: string }> }
      >;
      methods: { minCellSize: number | null };
    }>();
    expect(report.protected).toBe(true);
    expect(report.cumulative).toBeNull();
    expect(report.overview.comparison).toBeNull();
    expect(report.methods.minCellSize).toBe(5);
    // Every count a funder receives is 0, at least 5, or withheld.
    const counts = Object.values(report.audience).flatMap((b) => b.rows);
    for (const row of counts) {
      if (row.participants === null) expect(['small', 'withheld']).toContain(row.suppressed);
      else expect(row.participants === 0 || row.participants >= 5).toBe(true);
    }
    const manager = await get<{
      protected: boolean;
      cumulative: unknown;
      audience: Record<string, { rows: Array<{ key: string | null; participants: number }> }>;
    }>(`/api/report?${period}`);
    expect(manager.protected).toBe(false);
    expect(manager.cumulative).not.toBeNull();
    // Each group the manager sees with 1 to 4 people, the funder sees withheld as small.
    let small = 0;
    for (const [dimension, breakdown] of Object.entries(manager.audience)) {
      for (const row of breakdown.rows.filter((r) => r.participants > 0 && r.participants < 5)) {
        small++;
        const seen = report.audience[dimension]!.rows.find((r) => r.key === row.key);
        expect(seen, `${dimension} ${row.key}`).toMatchObject({
          participants: null,
          suppressed: 'small',
        });
      }
    }
    expect(small).toBeGreaterThan(0);

    const pdf = await asFunder(`/api/report.pdf?${period}`);
    expect(pdf.statusCode).toBe(200);
    const parser = new PDFParse({ data: new Uint8Array(pdf.rawPayload) });
    try {
      const text = (await parser.getText()).text;
      expect(text).toContain('<5');
      expect(text).toContain(
        new Intl.NumberFormat('en').format(report.overview.uniqueParticipants!),
      );
    } finally {
      await parser.destroy();
    }
  });
});
