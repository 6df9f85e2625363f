//! Reading a request body: capped in size and in time.
//!
//! The time cap is what makes a client that sends its headers and then stalls (or trickles its
//! body) get an answer and a closed connection instead of holding a task forever; the server's
//! header timeout covers the time before ([`super::serve`]).

use std::time::Duration;

use axum::body::{Body, Bytes};
use http_body_util::{BodyExt as _, LengthLimitError, Limited};

/// The largest request body the mock reads; larger ones get `413` with the envelope.
pub const BODY_LIMIT_BYTES: usize = 64 * 1024;

/// Why the body could not be read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum BodyError {
    /// Over the size cap.
    TooLarge,
    /// Not all there within the time cap.
    TimedOut,
    /// Any other read failure (for example a client that hung up).
    Unreadable,
}

/// The whole body, at most `limit` bytes, within `timeout`.
pub(crate) async fn read(body: Body, limit: usize, timeout: Duration) -> Result<Bytes, BodyError> {
    match tokio::time::timeout(timeout, Limited::new(body, limit).collect()).await {
        Err(_) => Err(BodyError::TimedOut),
        Ok(Ok(collected)) => Ok(collected.to_bytes()),
        Ok(Err(error)) if error.downcast_ref::<LengthLimitError>().is_some() => {
            Err(BodyError::TooLarge)
        }
        Ok(Err(_)) => Err(BodyError::Unreadable),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn caps_size_and_time() {
        let second = Duration::from_secs(1);
        assert_eq!(
            read(Body::from("12345"), 5, second).await,
            Ok(Bytes::from("12345"))
        );
        assert_eq!(
            read(Body::from("123456"), 5, second).await,
            Err(BodyError::TooLarge)
        );
        // A body that never ends.
        let (_sender, stalled) = tokio::sync::mpsc::channel::<Result<Bytes, std::io::Error>>(1);
        let stream = futures_stream(stalled);
        assert_eq!(
            read(stream, 5, Duration::from_millis(20)).await,
            Err(BodyError::TimedOut)
        );
    }

    fn futures_stream(
        mut receiver: tokio::sync::mpsc::Receiver<Result<Bytes, std::io::Error>>,
    ) -> Body {
        use http_body_util::StreamBody;
        use hyper::body::Frame;
        let stream = futures_util::stream::poll_fn(move |cx| {
            receiver
                .poll_recv(cx)
                .map(|item| item.map(|r| r.map(Frame::data)))
        });
        Body::new(StreamBody::new(stream))
    }
}
