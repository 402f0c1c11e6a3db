import { CopyButton } from "./copy-button";
import { OneTimeSecret } from "./one-time-secret";

/**
 * A new (or replaced) key, shown once, with the two commands that point the open-source
 * `berth` tool at this workspace.
 */
export function CliSetup({ name, apiKey, endpoint, fresh }: { name: string; apiKey: string; endpoint: string; fresh: boolean }) {
  const commands = `berth config set server ${endpoint}\nberth config set key ${apiKey}`;
  return (
    <section className="card" aria-labelledby="cli-setup-heading" data-testid="cli-setup">
      <h2 id="cli-setup-heading">{fresh ? `${name}'s key is ready` : `${name}'s new key`}</h2>
      <OneTimeSecret
        label={`Key for ${name}`}
        value={apiKey}
        hint="This is the only time we show it: we don't keep a copy. Copy it now and keep it somewhere safe."
      />
      <p>To use it with the berth command-line tool, run:</p>
      <pre className="output" data-testid="cli-commands">
        {commands}
      </pre>
      <CopyButton text={commands} label="Copy commands" />
    </section>
  );
}
