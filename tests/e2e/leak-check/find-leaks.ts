/** Looks for any of `secrets` in text; says where. Used by the leak check and its self-test. */
export interface Leak {
  where: string;
  secret: string;
}

export function findLeaks(sources: { where: string; text: string }[], secrets: string[]): Leak[] {
  const leaks: Leak[] = [];
  for (const source of sources) {
    for (const secret of secrets) {
      if (secret.length >= 16 && source.text.includes(secret))
        leaks.push({ where: source.where, secret: `${secret.slice(0, 6)}…` });
    }
  }
  return leaks;
}
