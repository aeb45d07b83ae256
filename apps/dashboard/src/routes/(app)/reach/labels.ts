/**
 * A long category name broken into lines of about `width` characters at spaces, for a bar
 * chart's axis: "Middle East, North Africa, Afghanistan & Pakistan" would otherwise take half
 * of a phone's width. A single word longer than `width` stays whole.
 */
export function wrapLabel(text: string, width = 24): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/).filter(Boolean)) {
    if (line && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else {
      line = line ? `${line} ${word}` : word;
    }
  }
  if (line) lines.push(line);
  return lines.length > 0 ? lines : [text];
}
