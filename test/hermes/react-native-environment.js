// biome-ignore-all lint: an ES5 script for the bare Hermes engine, evaluated before any bundle
// What React Native gives every app and the bare Hermes command line lacks, installed before the
// bundle: a URL class (React Native's is partial too: parsing of absolute URLs and of a path against a
// base) and AbortController. The verifier's own entry brings the rest (hermes-globals.ts).
var URL = function URL(url, base) {
  var text = String(url)
  if (!/^[a-zA-Z][a-zA-Z0-9+.-]*:/.test(text)) {
    if (base === undefined) throw new TypeError('Invalid URL: ' + text)
    var b = new URL(base)
    var dir = b.pathname.replace(/[^/]*$/, '')
    var parts = (text.charAt(0) === '/' ? text : dir + text).split('/')
    var out = []
    for (var i = 0; i < parts.length; i++) {
      if (parts[i] === '..') {
        if (out.length > 1) out.pop()
      } else if (parts[i] !== '.') out.push(parts[i])
    }
    text = b.protocol + (b.host || b.protocol === 'file:' ? '//' + b.host : '') + out.join('/')
  }
  var m =
    /^([a-zA-Z][a-zA-Z0-9+.-]*:)(?:\/\/(?:([^:@/]*)(?::([^@/]*))?@)?([^/?#:]*)(?::(\d+))?)?([^?#]*)(\?[^#]*)?(#.*)?$/.exec(
      text,
    )
  if (m === null) throw new TypeError('Invalid URL: ' + text)
  this.protocol = m[1].toLowerCase()
  this.username = m[2] || ''
  this.password = m[3] || ''
  this.hostname = (m[4] || '').toLowerCase()
  this.port = m[5] || ''
  this.host = this.hostname + (this.port ? ':' + this.port : '')
  this.pathname = m[6] || (this.host ? '/' : '')
  this.search = m[7] || ''
  this.hash = m[8] || ''
  this.origin = this.protocol + '//' + this.host
  this.href =
    this.protocol +
    (m[4] !== undefined
      ? '//' +
        (this.username ? this.username + (this.password ? ':' + this.password : '') + '@' : '') +
        this.host
      : '') +
    this.pathname +
    this.search +
    this.hash
}
URL.prototype.toString = function () {
  return this.href
}
var AbortController = function AbortController() {
  var listeners = []
  var signal = {
    aborted: false,
    reason: undefined,
    addEventListener: (_t, f) => {
      listeners.push(f)
    },
    removeEventListener: (_t, f) => {
      listeners = listeners.filter((g) => g !== f)
    },
    throwIfAborted: () => {
      if (signal.aborted) throw signal.reason
    },
  }
  this.signal = signal
  this.abort = (reason) => {
    if (signal.aborted) return
    signal.aborted = true
    signal.reason = reason === undefined ? new Error('aborted') : reason
    listeners.slice().forEach((f) => {
      f()
    })
  }
}
