export * from './dids.js'
export * from './kms.js'
export * from './sign.js'
