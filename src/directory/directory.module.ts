import { Module } from '@nestjs/common';
import { DirectoryRepository } from './directory.repository.js';
import { DirectoryResolver } from './directory.resolver.js';

/** Admin-only reads over accounts and organisations (the admin pages). */
@Module({ providers: [DirectoryRepository, DirectoryResolver] })
export class DirectoryModule {}
