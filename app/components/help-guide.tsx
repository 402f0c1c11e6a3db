import type { Guide } from "../../domain/vocabulary";
import { CopyButton } from "./copy-button";

/** One guide's sections: text, numbered steps, and commands shown exactly as they're typed. */
export function HelpGuide({ guide }: { guide: Guide }) {
  return (
    <article className="guide">
      <h1>{guide.title}</h1>
      <p className="lede">{guide.intro}</p>
      {guide.sections.map((section) => (
        <section key={section.heading} className="card" aria-label={section.heading}>
          <h2>{section.heading}</h2>
          {section.body?.map((line) => (
            <p key={line}>{line}</p>
          ))}
          {section.steps ? (
            <ol>
              {section.steps.map((step) => (
                <li key={step}>{step}</li>
              ))}
            </ol>
          ) : null}
          {section.commands ? (
            <>
              <pre className="output">
                <code>{section.commands}</code>
              </pre>
              <CopyButton text={section.commands} />
            </>
          ) : null}
          {section.after?.map((line) => (
            <p key={line} className="muted">
              {line}
            </p>
          ))}
        </section>
      ))}
    </article>
  );
}
