/** The initials of a name ("Ann Peeters" -> "AP", "bo" -> "B"). */
export function initialsOf(name: string) {
  const words = name
    .trim()
    .split(/[\s.@_-]+/)
    .filter(Boolean);
  const letters = words.length > 1 ? [words[0], words[words.length - 1]] : words;
  return letters.map((w) => [...w][0]?.toLocaleUpperCase() ?? "").join("") || "?";
}

const HUES = 12;
/** A stable hue per name, so a member keeps their colour on every page. */
const hueOf = (name: string) => [...name].reduce((h, c) => (h * 31 + (c.codePointAt(0) ?? 0)) % 3607, 7) % HUES;

/** An initials avatar next to a name in a list; decorative (the name beside it is what is read). */
export function Avatar({ name }: { name: string }) {
  return (
    <span className={`avatar hue-${hueOf(name)}`} aria-hidden="true">
      {initialsOf(name)}
    </span>
  );
}
