import { describe, expect, it } from 'vitest';
import type { CohortCell } from '$lib/api/loyalty';
import {
  attendanceBuckets,
  cohortTable,
  mostWebinars,
  quarterParts,
  repeatParticipants,
} from './loyalty';

const cell = (cohort: string, offset: number, participants: number): CohortCell => {
  const { year, quarter } = quarterParts(cohort);
  const index = year * 4 + quarter - 1 + offset;
  return {
    cohort,
    offset,
    quarter: `${Math.floor(index / 4)}-Q${(index % 4) + 1}`,
    participants,
  };
};

describe('quarterParts', () => {
  it('reads a cohort label', () => {
    expect(quarterParts('2012-Q3')).toEqual({ year: 2012, quarter: 3 });
    expect(quarterParts('2012-3')).toEqual({ year: Number.NaN, quarter: Number.NaN });
  });
});

describe('cohortTable', () => {
  it('is empty without cells', () => {
    expect(cohortTable([])).toEqual({ offsets: [], rows: [], maxReturnShare: 0 });
  });

  it('lays cohorts out as a triangle: 0 where nobody came, nothing after the last quarter', () => {
    const table = cohortTable([
      cell('2012-Q4', 0, 200),
      cell('2012-Q4', 1, 20),
      // nobody of 2012-Q4 in 2013-Q2
      cell('2012-Q4', 3, 10),
      cell('2013-Q1', 0, 100),
      cell('2013-Q1', 2, 30),
      cell('2013-Q3', 0, 50),
    ]);
    expect(table.offsets).toEqual([0, 1, 2, 3]);
    expect(table.rows.map((row) => row.cohort)).toEqual(['2012-Q4', '2013-Q1', '2013-Q3']);
    expect(table.rows[0]).toEqual({
      cohort: '2012-Q4',
      size: 200,
      cells: [
        { participants: 200, share: 1 },
        { participants: 20, share: 0.1 },
        { participants: 0, share: 0 },
        { participants: 10, share: 0.05 },
      ],
    });
    expect(table.rows[1]!.cells).toEqual([
      { participants: 100, share: 1 },
      { participants: 0, share: 0 },
      { participants: 30, share: 0.3 },
      null,
    ]);
    expect(table.rows[2]!.cells).toEqual([{ participants: 50, share: 1 }, null, null, null]);
    expect(table.maxReturnShare).toBe(0.3);
  });

  it('has no share for a cohort whose own quarter is before the view', () => {
    // A date range from 2014: the 2012-Q1 cohort only shows in its later quarters.
    const table = cohortTable([
      cell('2012-Q1', 8, 19),
      cell('2012-Q1', 9, 29),
      cell('2014-Q1', 0, 265),
    ]);
    expect(table.rows[0]).toEqual({
      cohort: '2012-Q1',
      size: null,
      cells: [
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        { participants: 19, share: null },
        { participants: 29, share: null },
      ],
    });
    expect(table.rows[1]!.size).toBe(265);
    expect(table.maxReturnShare).toBe(0);
  });

  it('has no share when nobody of the cohort came in its own quarter within the filters', () => {
    // Someone whose first webinar ever was in 2012-Q2 came to a filtered one only in 2012-Q3.
    const table = cohortTable([
      cell('2012-Q1', 0, 50),
      cell('2012-Q1', 1, 5),
      cell('2012-Q2', 1, 3),
    ]);
    expect(table.rows[1]!.size).toBeNull();
    expect(table.rows[1]!.cells).toEqual([
      { participants: 0, share: null },
      { participants: 3, share: null },
    ]);
    expect(table.maxReturnShare).toBe(0.1);
  });
});

describe('attendance buckets', () => {
  const rows = [
    { webinars: 1, participants: 3481 },
    { webinars: 2, participants: 761 },
    { webinars: 4, participants: 85 },
    { webinars: 5, participants: 79 },
    { webinars: 16, participants: 3 },
  ];

  it('groups 4 or more and keeps empty buckets', () => {
    expect(attendanceBuckets(rows)).toEqual([
      { webinars: 1, orMore: false, participants: 3481 },
      { webinars: 2, orMore: false, participants: 761 },
      { webinars: 3, orMore: false, participants: 0 },
      { webinars: 4, orMore: true, participants: 167 },
    ]);
    expect(attendanceBuckets([])).toHaveLength(4);
  });

  it('counts people who came back and the most webinars anyone attended', () => {
    expect(repeatParticipants(rows)).toBe(761 + 85 + 79 + 3);
    expect(mostWebinars(rows)).toBe(16);
    expect(mostWebinars([])).toBe(0);
  });
});
