/** A screen with nothing to do but wait a moment: loading, and checking the saved sign-in. */
export function ProgressScreen({ title, detail }: { readonly title: string; readonly detail: string }) {
  return (
    <section className="screen screen-progress" aria-labelledby="screen-title" aria-busy="true">
      <span className="spinner" aria-hidden="true" />
      <h1 id="screen-title" tabIndex={-1}>
        {title}
      </h1>
      <p className="lead">{detail}</p>
    </section>
  )
}
