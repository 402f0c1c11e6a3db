import { LEGAL_DRAFT, type LegalPage } from "../../domain/vocabulary";

/** A privacy or terms page: "Draft" first, until a lawyer has read it, then its sections. */
export function LegalPageView({ page }: { page: LegalPage }) {
  return (
    <>
      <p className="notice warn" data-testid="draft-notice">
        <strong>{LEGAL_DRAFT.label}</strong> · {LEGAL_DRAFT.notice}
      </p>
      <h1>{page.heading}</h1>
      <p className="lede">{page.intro}</p>
      {page.sections.map((section) => (
        <section key={section.heading} className="card" aria-label={section.heading}>
          <h2>{section.heading}</h2>
          {section.body.map((line) => (
            <p key={line}>{line}</p>
          ))}
        </section>
      ))}
    </>
  );
}
