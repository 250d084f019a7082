//! A part of a view that the server creates once per request, even inside a `<Suspense/>`.
//!
//! While a `<Suspense/>` renders on the server, it walks its children more than once ("dry runs")
//! to learn which resources they wait for, and each walk calls every view function it meets. A
//! function that creates a page — the router's `<Outlet/>` — would then create the page, and start
//! its data, once per walk: the browser would hydrate the data of the first page against the HTML
//! of the last, and fail when the data changed in between. Wrapped in [`CreatedOnce`], the part is
//! skipped by those walks and created only when it is rendered; the page under it waits for its
//! own data in its own `<Suspense/>`.

use leptos::tachys::html::attribute::any_attribute::AnyAttribute;
use leptos::tachys::html::attribute::Attribute;
use leptos::tachys::hydration::Cursor;
use leptos::tachys::ssr::StreamBuilder;
use leptos::tachys::view::add_attr::AddAnyAttr;
use leptos::tachys::view::{Position, PositionState, Render, RenderHtml};

/// Renders `view` like the view itself, except that a server-side `<Suspense/>` does not walk it
/// in its dry runs.
pub struct CreatedOnce<T>(pub T);

impl<T: Render> Render for CreatedOnce<T> {
    type State = T::State;

    fn build(self) -> Self::State {
        self.0.build()
    }

    fn rebuild(self, state: &mut Self::State) {
        self.0.rebuild(state);
    }
}

impl<T: AddAnyAttr> AddAnyAttr for CreatedOnce<T> {
    type Output<SomeNewAttr: Attribute> = CreatedOnce<T::Output<SomeNewAttr>>;

    fn add_any_attr<NewAttr: Attribute>(self, attr: NewAttr) -> Self::Output<NewAttr>
    where
        Self::Output<NewAttr>: RenderHtml,
    {
        CreatedOnce(self.0.add_any_attr(attr))
    }
}

impl<T: RenderHtml> RenderHtml for CreatedOnce<T> {
    type AsyncOutput = CreatedOnce<T::AsyncOutput>;
    type Owned = CreatedOnce<T::Owned>;

    const MIN_LENGTH: usize = T::MIN_LENGTH;

    /// The point of the wrapper: nothing inside is called until the view is really rendered.
    fn dry_resolve(&mut self) {}

    async fn resolve(self) -> Self::AsyncOutput {
        CreatedOnce(self.0.resolve().await)
    }

    fn html_len(&self) -> usize {
        self.0.html_len()
    }

    fn to_html_with_buf(
        self,
        buf: &mut String,
        position: &mut Position,
        escape: bool,
        mark_branches: bool,
        extra_attrs: Vec<AnyAttribute>,
    ) {
        self.0
            .to_html_with_buf(buf, position, escape, mark_branches, extra_attrs);
    }

    fn to_html_async_with_buf<const OUT_OF_ORDER: bool>(
        self,
        buf: &mut StreamBuilder,
        position: &mut Position,
        escape: bool,
        mark_branches: bool,
        extra_attrs: Vec<AnyAttribute>,
    ) where
        Self: Sized,
    {
        self.0.to_html_async_with_buf::<OUT_OF_ORDER>(
            buf,
            position,
            escape,
            mark_branches,
            extra_attrs,
        );
    }

    fn hydrate<const FROM_SERVER: bool>(
        self,
        cursor: &Cursor,
        position: &PositionState,
    ) -> Self::State {
        self.0.hydrate::<FROM_SERVER>(cursor, position)
    }

    async fn hydrate_async(self, cursor: &Cursor, position: &PositionState) -> Self::State {
        self.0.hydrate_async(cursor, position).await
    }

    fn into_owned(self) -> Self::Owned {
        CreatedOnce(self.0.into_owned())
    }
}
