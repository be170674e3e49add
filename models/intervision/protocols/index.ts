import { Protocol } from "../protocol.inputs";
import { balint } from "./balint";
import { consultancy } from "./consultancy";
import { gossip } from "./gossip";
import { incident } from "./incident";
import { kollegialeBeratung } from "./kollegiale-beratung";
import { problemSolving } from "./problem-solving";
import { reflectingTeam } from "./reflecting-team";
import { tenStep } from "./ten-step";
import { troika } from "./troika";

/** The built-in protocols as written (INTERVISION.md), in the order the page lists them. */
export const BUILT_IN_PROTOCOL_DATA = [
  incident,
  tenStep,
  gossip,
  balint,
  reflectingTeam,
  problemSolving,
  consultancy,
  troika,
  kollegialeBeratung,
] as const;

/** The built-in protocols, each parsed by the schema (a broken one fails the first caller and the test). */
export const builtInProtocols = (): Protocol[] => BUILT_IN_PROTOCOL_DATA.map((p) => Protocol.parse(p));
