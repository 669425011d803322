/**
 * The city's entity classes, in the order their id blocks are numbered (entity ids are contiguous
 * per class: residential consumers first, community PV plants last). Counts: notes-000 §1.1
 * ("The smart city contains: ...") and the 15 community solar facilities of the PV network.
 */
export const ENTITY_CLASSES = [
  "residential",
  "prosumer",
  "commercial",
  "industrial",
  "municipal",
  "evStation",
  "communityPv",
] as const;

export type EntityClass = (typeof ENTITY_CLASSES)[number];

export const CLASS_RESIDENTIAL = 0;
export const CLASS_PROSUMER = 1;
export const CLASS_COMMERCIAL = 2;
export const CLASS_INDUSTRIAL = 3;
export const CLASS_MUNICIPAL = 4;
export const CLASS_EV_STATION = 5;
export const CLASS_COMMUNITY_PV = 6;
export const CLASS_COUNT = ENTITY_CLASSES.length;

/** Classes whose load follows a profile (the first five); EV stations load from sessions; community plants have none. */
export const PROFILE_LOAD_CLASSES = [
  "residential",
  "prosumer",
  "commercial",
  "industrial",
  "municipal",
] as const;
export type ProfileLoadClass = (typeof PROFILE_LOAD_CLASSES)[number];
export const PROFILE_CLASS_COUNT = PROFILE_LOAD_CLASSES.length;
