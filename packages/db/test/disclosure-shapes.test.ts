import { describe, expect, it } from 'vitest';
import {
  protectBreakdown,
  protectDimension,
  protectDistribution,
  protectImpactBreakdown,
  protectSummary,
} from '../src/disclosure/shapes.js';
import type { Breakdown, ReachSummary } from '../src/index.js';

const row = (key: string, participants: number) => ({
  key,
  label: null,
  participants,
  attendances: participants * 2,
  registrations: participants * 3,
  minutes: participants * 60,
  share: 0,
});

describe('protected shapes', () => {
  it('a sector breakdown: <5 and a complement hidden with every measure, placed last, paged after', () => {
    const rows = [
      row('government', 40),
      row('media', 3),
      row('academia', 12),
      row('civil_society', 25),
    ];
    const breakdown: Breakdown = {
      dimension: 'sector',
      total: { participants: 80, attendances: 160, registrations: 240, minutes: 4800 },
      totalRows: 4,
      rows,
    };
    const protection = protectDimension(
      'sector',
      rows.map((r) => ({ key: r.key, count: r.participants })),
      5,
    );
    const page = { sort: 'participants', order: 'desc', limit: 3, offset: 0 } as const;
    const out = protectBreakdown(breakdown, protection, 5, page);
    expect(out.totalRows).toBe(4);
    expect(out.rows.map((r) => [r.key, r.participants, r.suppressed])).toEqual([
      ['government', 40, undefined],
      ['civil_society', 25, undefined],
      ['academia', null, 'withheld'],
    ]);
    const second = protectBreakdown(breakdown, protection, 5, { ...page, offset: 3 });
    expect(second.rows).toEqual([
      {
        key: 'media',
        label: null,
        participants: null,
        attendances: null,
        registrations: null,
        minutes: null,
        share: null,
        suppressed: 'small',
      },
    ]);
    expect(out.total.participants).toBe(80);
    expect(out.minCellSize).toBe(5);
  });

  it('a topic breakdown (people in two topics count in both): small cells only', () => {
    const protection = protectDimension(
      'topic',
      [
        { key: '1', count: 3 },
        { key: '2', count: 50 },
      ],
      5,
    );
    expect(protection.of('topic', '1')).toBe('small');
    expect(protection.of('topic', '2')).toBe('shown');
  });

  it('the headline: small counts of people, and rates over fewer than k, withheld', () => {
    const summary: ReachSummary = {
      webinarsHeld: 2,
      speakers: 3,
      uniqueParticipants: 4,
      attendances: 6,
      countries: 2,
      sectors: 2,
      registrations: 8,
      attendanceRate: 0.75,
      averageAttendeesPerWebinar: 3,
      averageMinutes: 42,
      returningShare: 0.5,
      newParticipants: 2,
    };
    const out = protectSummary(summary, 5);
    expect(out).toMatchObject({
      speakers: null,
      uniqueParticipants: null,
      newParticipants: null,
      attendanceRate: null,
      averageMinutes: null,
      returningShare: null,
      webinarsHeld: 2,
    });
    expect(out.suppressed).toEqual({
      speakers: 'small',
      uniqueParticipants: 'small',
      newParticipants: 'small',
      attendanceRate: 'withheld',
      averageMinutes: 'withheld',
      returningShare: 'withheld',
    });
    const big = protectSummary(
      {
        ...summary,
        uniqueParticipants: 400,
        speakers: 30,
        newParticipants: 100,
        registrations: 500,
      },
      5,
    );
    expect(big.suppressed).toEqual({});
  });

  it('the loyalty distribution adds up to the participants: a complement goes with a small row', () => {
    const out = protectDistribution(
      [
        { webinars: 1, participants: 300 },
        { webinars: 2, participants: 40 },
        { webinars: 3, participants: 9 },
        { webinars: 4, participants: 2 },
      ],
      5,
    );
    expect(out.map((r) => r.suppressed)).toEqual([undefined, undefined, 'withheld', 'small']);
  });

  it('impact by dimension: rates over fewer than k, or giving back a small count, withheld', () => {
    const out = protectImpactBreakdown(
      {
        dimension: 'sector',
        rows: [
          {
            key: 'media',
            label: null,
            postInvited: 20,
            postResponses: 18,
            postRate: 0.9, // 18 of 20: 2 did not answer, a small count
            followupInvited: 4,
            followupResponses: 3,
            followupRate: 0.75,
            satisfactionN: 18,
            satisfactionMean: 4.2,
            recommendN: 4,
            nps: 50,
            appliedN: 3,
            appliedRate: 1,
          },
        ],
      },
      5,
    );
    expect(out.rows[0]).toMatchObject({
      postInvited: 20,
      postRate: null,
      followupInvited: null,
      followupRate: null,
      satisfactionMean: 4.2,
      nps: null,
      appliedRate: null,
    });
  });
});
