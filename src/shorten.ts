/** At most `max` characters (code points, so an emoji is never split), with an ellipsis when cut. */
export function shorten(text: string, max: number): string {
  const points = Array.from(text)
  return points.length > max
    ? `${points
        .slice(0, max - 1)
        .join('')
        .trimEnd()}…`
    : text
}
