// A browser's User-Agent as the sessions list names it: a simple table of the browsers and systems
// people use, checked in order (Edge and Opera say "Chrome" too, Chrome says "Safari"). Approximate
// on purpose (decision 040): the list helps recognise a device, it does not identify one.
const BROWSERS: [RegExp, string][] = [
  [/Edg(e|A|iOS)?\//, "Edge"],
  [/OPR\/|Opera/, "Opera"],
  [/SamsungBrowser\//, "Samsung Internet"],
  [/Firefox\/|FxiOS\//, "Firefox"],
  [/Chrome\/|CriOS\/|Chromium\//, "Chrome"],
  [/Safari\//, "Safari"],
];
const SYSTEMS: [RegExp, string][] = [
  [/iPhone|iPad|iPod/, "iOS"],
  [/Android/, "Android"],
  [/CrOS/, "ChromeOS"],
  [/Windows/, "Windows"],
  [/Mac OS X|Macintosh/, "macOS"],
  [/Linux/, "Linux"],
];

/** Browser and operating system named in a User-Agent, or "" for each that the table does not know. */
export function describeDevice(userAgent: string): { browser: string; os: string } {
  const find = (table: [RegExp, string][]) => table.find(([re]) => re.test(userAgent))?.[1] ?? "";
  return { browser: find(BROWSERS), os: find(SYSTEMS) };
}
