export * from './kms.js'
