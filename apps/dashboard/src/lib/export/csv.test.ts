import { describe, expect, it } from 'vitest';
import { csvCell, csvDataUrl, csvFileName, toCsv } from './csv';

describe('CSV export', () => {
  it.each([
    ['=HYPERLINK("http://x","y")', `"'=HYPERLINK(""http://x"",""y"")"`],
    ['+1 555', "'+1 555"],
    ['-2+3', "'-2+3"],
    ['@SUM(A1)', "'@SUM(A1)"],
    ['\tTab', "'\tTab"],
    ['\rReturn', `"'\rReturn"`],
  ])('neutralises a formula: %j', (value, expected) => {
    expect(csvCell(value)).toBe(expected);
  });

  it('quotes what needs quoting and leaves plain text and numbers alone', () => {
    expect(csvCell('García Simón, Pedro')).toBe('"García Simón, Pedro"');
    expect(csvCell('two\nlines')).toBe('"two\nlines"');
    expect(csvCell('Côte d’Ivoire')).toBe('Côte d’Ivoire');
    expect(csvCell(-12.5)).toBe('-12.5');
    expect(csvCell(null)).toBe('');
    expect(csvCell(Number.NaN)).toBe('');
  });

  it('writes a header and rows with CRLF line ends', () => {
    expect(
      toCsv(
        ['country', 'participants'],
        [
          ['AR', 12],
          ['=cmd', 3],
        ],
      ),
    ).toBe("country,participants\r\nAR,12\r\n'=cmd,3\r\n");
  });

  it('downloads as a data URL that decodes to the CSV with a byte-order mark', () => {
    const url = csvDataUrl(['País', 'n'], [['=cmd', 3]]);
    expect(url.startsWith('data:text/csv;charset=utf-8,')).toBe(true);
    expect(decodeURIComponent(url.slice(url.indexOf(',') + 1))).toBe("\uFEFFPaís,n\r\n'=cmd,3\r\n");
  });

  it('names the file after the chart', () => {
    expect(csvFileName('Participantes por región económica')).toBe(
      'participantes-por-region-economica.csv',
    );
    expect(csvFileName('***')).toBe('data.csv');
  });
});
