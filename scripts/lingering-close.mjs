// The close after an answer sent before its request's body ended (an upload refused early).

/** How much more of such a body is read and thrown away, at most, before the connection closes. */
export const LINGER_LIMITS = { bytes: 8 * 1024 * 1024, ms: 2000 };

/**
 * Node closes the socket of a `Connection: close` answer as soon as the answer is written. A client still
 * sending then gets a reset, which can arrive before it has read the answer: curl prints "connection reset"
 * instead of the 422 and its line. So, for a request whose body has not ended when its answer is written:
 * send FIN after the answer, read and discard what still comes (bounded), then close.
 *
 * @param {import("node:http").IncomingMessage} req
 * @param {import("node:http").ServerResponse} res
 * @param {{ bytes: number, ms: number }} [limits]
 */
export function lingerAfterEarlyAnswer(req, res, limits = LINGER_LIMITS) {
  // runs before Node's own "finish" handler, which calls socket.destroySoon() for a closing answer
  res.prependOnceListener("finish", () => {
    if (req.complete || req.destroyed) return;
    const socket = req.socket;
    socket.destroySoon = () => linger(req, socket, limits);
  });
}

/**
 * @param {import("node:http").IncomingMessage} req
 * @param {import("node:net").Socket} socket
 * @param {{ bytes: number, ms: number }} limits
 */
function linger(req, socket, limits) {
  socket.end();
  let discarded = 0;
  const stop = () => {
    clearTimeout(timer);
    req.off("readable", drain);
    socket.destroy();
  };
  const drain = () => {
    for (let chunk = req.read(); chunk !== null; chunk = req.read()) {
      discarded += chunk.length;
      if (discarded > limits.bytes) return stop();
    }
  };
  const timer = setTimeout(stop, limits.ms);
  socket.once("close", () => clearTimeout(timer));
  req.once("end", stop);
  req.on("readable", drain);
  drain();
}
