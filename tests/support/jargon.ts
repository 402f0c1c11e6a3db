/**
 * Words that mean nothing to our customers (principle 07): every plain-words test checks
 * against this one list.
 */
export const JARGON =
  /provision|infra\b|infrastructure|reconcil|server error|\b(?:40[0-9]|50[0-9])\b(?! (?:characters|letters|MB|KB|GB|days|hours|minutes))|queue|lifecycle|durable|webhook|endpoint|payload|exception|stack trace|\bnull\b|\bundefined\b|\bNaN\b|\bstate\b|suspend|too big: expected|invalid input|expected string/i;
