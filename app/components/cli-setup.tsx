import { CLI_SETUP as W } from "../../domain/vocabulary";
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
      <h2 id="cli-setup-heading">{fresh ? W.readyHeading(name) : W.newKeyHeading(name)}</h2>
      <OneTimeSecret label={W.keyLabel(name)} value={apiKey} hint={W.shownOnce} />
      <p>{W.howToUse}</p>
      <pre className="output" data-testid="cli-commands">
        {commands}
      </pre>
      <CopyButton text={commands} label={W.copyCommands} />
    </section>
  );
}
