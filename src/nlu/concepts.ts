// A concept lexicon: groups of words that mean the same thing in a help desk's and in everyday
// Portuguese (pt-BR and pt-PT), Spanish and English — "liberar", "desbloquear" and "destravar";
// "lento", "devagar" and "se arrastando"; "computador", "máquina" and "micro". A word of a group in
// a message or a training phrase also yields the group's concept feature (message-analyser.ts), so
// that a paraphrase sharing no word with what was taught still shares its meaning.
//
// Origin and licence: written for this project from general knowledge of the three languages and
// of IT service desks, before looking at any data set's messages, and not tuned on them; it is the
// project's own work, under the project's licence. Entries are written as people write them
// (accents, hyphens); they are read the model's way (folded, chat shorthand expanded, stemmed by
// the language's stemmer) when the lexicon is built. An entry of several words matches only as a
// sequence; at each position the longest entry wins. A word may be in several groups ("ligar":
// to call and to turn on) and then yields each concept.
import { FUNCTION_WORDS } from './function-words.js';
import type { NluLanguage } from './language.js';
import { tokenise, type Token } from './tokenise.js';

/** A concept's name, then its words in Portuguese, Spanish and English (comma-separated). */
type Group = readonly [concept: string, pt: string, es: string, en: string];

const GROUPS: readonly Group[] = [
  // Accounts and access
  ['unlock', 'liberar, libera, liberado, liberada, liberação, desbloquear, desbloqueia, desbloqueio, desbloqueado, destravar, destrava, destravado, destrancar, reativar, reativação, reabilitar', 'desbloquear, desbloquea, desbloqueo, liberar, destrabar, reactivar', 'unlock, unblock, unlocked, reactivate, re-enable'],
  ['locked', 'bloqueado, bloqueada, bloqueou, bloqueio, bloquear, travou, travada, travado, trancado, trancada, trancou, suspenso, suspensa, desativado, desativada, inativo, inativa', 'bloqueado, bloqueada, bloqueó, bloqueo, bloquear, suspendido, suspendida, desactivado, desactivada, inactivo', 'locked, locked out, blocked, lockout, suspended, disabled, deactivated, inactive'],
  ['expired', 'expirou, expirada, expirado, expirar, vencida, vencido, venceu, caducou, caducada', 'expiró, expirada, expirado, caducó, caducada, caducado, vencida, vencido, venció', 'expired, expires, expiry, expiration, out of date'],
  ['password', 'senha, senhas, palavra-passe, palavra passe, palavra-chave, credencial, credenciais, código de acesso', 'contraseña, contraseñas, clave, claves, credencial, credenciales', 'password, passwords, passcode, passphrase, credentials, credential, pin'],
  ['account', 'login, logon, usuário, usuária, utilizador, utilizadora, conta, contas, perfil, cadastro, acesso, acessos', 'usuario, usuaria, cuenta, cuentas, perfil, acceso, accesos, login', 'login, logon, username, user, account, accounts, profile, access'],
  ['sign_in', 'acessar, acesso, entrar, entro, entrando, logar, logo no, logando, loga, autenticar, autenticação, fazer login, fazer logon', 'acceder, accedo, entrar, entro, ingresar, ingreso, iniciar sesión, autenticar, autenticación, loguear, loguearme', 'access, log in, log on, login, sign in, signin, authenticate, authentication, get in'],
  ['sign_out', 'sair, sai, deslogar, desloga, deslogou, fazer logout, logout, encerrar sessão, terminar sessão', 'cerrar sesión, desloguear, logout', 'log out, logout, sign out, signout, logged out'],
  ['change', 'trocar, troca, troquei, trocando, alterar, altera, alteração, mudar, muda, mudei, mudança, modificar, modificação, redefinir, redefine, redefinição, resetar, reseta, reset, recuperar, recuperação, renovar', 'cambiar, cambio, cambié, modificar, modificación, restablecer, restablecimiento, resetear, reseteo, recuperar, recuperación, renovar', 'change, changing, changed, reset, resetting, modify, alter, recover, recovery, renew'],
  ['forgot', 'esqueci, esquecer, esqueceu, esquecida, esquecido, não lembro, não me lembro, perdi', 'olvidé, olvidar, olvidó, olvidada, olvidado, no recuerdo, no me acuerdo, perdí', 'forgot, forgotten, forget, cant remember, lost'],
  ['permission', 'permissão, permissões, autorização, autorizar, autorizado, autorizada, privilégio, privilégios, administrador, admin, direitos de acesso', 'permiso, permisos, autorización, autorizar, autorizado, privilegio, privilegios, administrador, admin', 'permission, permissions, authorization, authorisation, authorize, authorise, privilege, privileges, admin, administrator, rights'],
  ['denied', 'negado, negada, negou, recusado, recusada, recusou, sem permissão, não autorizado, proibido, proibida, rejeitado, rejeitada, barrado', 'denegado, denegada, rechazado, rechazada, prohibido, no autorizado, sin permiso', 'denied, refused, rejected, forbidden, unauthorized, unauthorised, not allowed'],
  ['two_factor', 'dois fatores, duas etapas, autenticador, código de verificação, token, 2fa, mfa, verificação em duas etapas', 'doble factor, dos factores, dos pasos, autenticador, código de verificación, token, 2fa, mfa', 'two factor, two-factor, 2fa, mfa, authenticator, verification code, otp, token'],
  ['create', 'criar, cria, criação, cadastrar, cadastrar-se, registrar, registar, registo, gerar, abrir conta', 'crear, creación, registrar, registrarse, registro, dar de alta, generar', 'create, creation, register, registration, sign up, signup, generate'],
  ['delete', 'excluir, excluí, exclusão, apagar, apaguei, apagou, deletar, deletei, deletou, remover, removi, remoção, eliminar', 'borrar, borré, borró, eliminar, eliminé, suprimir, quitar, remover', 'delete, deleted, deleting, remove, removed, erase, erased, wipe'],
  ['restore', 'recuperar, restaurar, restauração, backup, cópia de segurança, reaver, versão anterior', 'recuperar, restaurar, restauración, copia de seguridad, respaldo, backup, versión anterior', 'recover, restore, restoration, backup, back up, undelete, previous version'],

  // Devices
  ['computer', 'computador, computadores, máquina, máquinas, micro, microcomputador, pc, desktop, notebook, laptop, portátil, estação de trabalho, cpu, gabinete', 'computadora, computadoras, ordenador, ordenadores, computador, máquina, pc, portátil, laptop, notebook, equipo', 'computer, computers, machine, pc, desktop, laptop, notebook, workstation'],
  ['screen', 'tela, telas, monitor, monitores, ecrã, ecrãs, display, visor', 'pantalla, pantallas, monitor, monitores, display', 'screen, screens, monitor, monitors, display'],
  ['keyboard', 'teclado, teclados, tecla, teclas', 'teclado, teclados, tecla, teclas', 'keyboard, keyboards, key, keys'],
  ['mouse', 'mouse, rato, cursor, ponteiro, touchpad', 'ratón, mouse, cursor, puntero, touchpad', 'mouse, cursor, pointer, touchpad, trackpad'],
  ['printer', 'impressora, impressoras, impressão, impressões, imprimir, imprime, imprimindo, imprimiu, multifuncional', 'impresora, impresoras, impresión, imprimir, imprime, imprimiendo, imprimió', 'printer, printers, print, printing, prints, printed'],
  ['scanner', 'scanner, escâner, digitalizar, digitalização, escanear, escaneamento, digitalizadora', 'escáner, scanner, escanear, digitalizar, digitalización', 'scanner, scan, scanning, scanned'],
  ['paper', 'papel, papéis, folha, folhas', 'papel, papeles, hoja, hojas', 'paper, sheet, sheets'],
  ['jam', 'atolado, atolada, atolou, atolar, enroscado, enroscada, enroscou, emperrado, emperrada, emperrou, encravado, encravada, encravou, engasgou, agarrado, preso, presa', 'atascado, atascada, atascó, atasco, trabado, trabada, atorado, atorada, atrancado', 'jam, jammed, jams, stuck, caught'],
  ['ink', 'toner, tinta, cartucho, cartuchos', 'tóner, toner, tinta, cartucho, cartuchos', 'toner, ink, cartridge, cartridges'],
  ['mobile_phone', 'celular, celulares, telemóvel, telemóveis, smartphone, iphone, android, aparelho celular', 'celular, celulares, móvil, móviles, smartphone, iphone, android, teléfono móvil', 'mobile, cellphone, cell phone, smartphone, iphone, android, mobile phone'],
  ['phone', 'telefone, telefones, ramal, ramais, telefonia, voip, linha', 'teléfono, teléfonos, extensión, anexo, telefonía, voip, línea', 'phone, phones, telephone, extension, landline, voip, line'],
  ['headset', 'fone, fones, fone de ouvido, fones de ouvido, headset, headphone, auscultadores, microfone, microfones', 'auriculares, audífonos, cascos, headset, micrófono, micrófonos', 'headset, headphones, earphones, earbuds, microphone, microphones, mic'],
  ['audio', 'som, áudio, volume, caixa de som, caixinha de som, alto-falante, colunas', 'sonido, audio, volumen, altavoz, altavoces, parlante, bocina', 'sound, audio, volume, speaker, speakers, loudspeaker'],
  ['muted', 'sem som, sem áudio, não sai som, não escuto, não ouço, ninguém me ouve', 'mudo, sin sonido, sin audio, no se escucha, no escucho, no oigo, nadie me oye', 'muted, mute, no sound, no audio, cant hear, nobody can hear'],
  ['camera', 'câmera, câmeras, câmara, webcam', 'cámara, cámaras, webcam', 'camera, cameras, webcam, cam'],
  ['charger', 'carregador, carregadores, fonte, carregar, carrega, carregando, carregou, tomada', 'cargador, cargadores, cargar, carga, cargando, enchufe', 'charger, chargers, charge, charging, plug, power cord, power adapter'],
  ['battery', 'bateria, baterias, pilha, pilhas, carga', 'batería, baterías, pila, pilas, carga', 'battery, batteries, charge'],
  ['battery_drain', 'descarrega, descarregando, descarregou, não segura carga, não carrega, acaba rápido, viciada', 'se descarga, descargando, descargó, no carga, no aguanta la carga, dura poco', 'drains, draining, drained, not charging, doesnt charge, wont charge, dies quickly'],
  ['cable', 'cabo, cabos, fio, fios, conector, conectores, plugue, adaptador, adaptadores, extensão', 'cable, cables, conector, conectores, adaptador, adaptadores, alargador', 'cable, cables, wire, wires, cord, connector, adapter, adaptor, dongle'],
  ['usb_drive', 'pendrive, pen drive, pen, usb, hd externo, disco externo, cartão de memória', 'pendrive, memoria usb, usb, disco externo, tarjeta de memoria', 'usb, flash drive, thumb drive, usb stick, memory stick, external drive, memory card'],
  ['storage', 'disco, hd, ssd, armazenamento, espaço, espaço em disco, capacidade', 'disco, almacenamiento, espacio, espacio en disco, capacidad', 'disk, disc, storage, space, hard drive, ssd, capacity'],
  ['full', 'cheio, cheia, lotado, lotada, sem espaço, estourou, estourado, estourada, limite, cota', 'lleno, llena, sin espacio, límite, cuota, saturado', 'full, out of space, quota, limit, exceeded'],
  ['memory', 'memória', 'memoria', 'memory'],
  ['turn_on', 'ligar, liga, ligou, ligando, acender, acende, acendeu, inicializar, inicializa, boot, dar partida', 'encender, enciende, encendió, prender, prende, arrancar, arranca, iniciar', 'turn on, turns on, switch on, power on, boot, boots, start up, startup'],
  ['wont_turn_on', 'não liga, não acende, não dá sinal, não dá sinal de vida, sem sinal de vida, não inicia, não inicializa, não dá boot', 'no enciende, no prende, no arranca, no da señales, no da señal de vida, no inicia', 'wont turn on, doesnt turn on, wont start, wont boot, doesnt boot, no power, dead'],
  ['turn_off', 'desligar, desliga, desligou, desligado, desligada, desligando, apagou, apaga sozinho', 'apagar, apaga, apagó, apagado, apagada, se apaga', 'turn off, turns off, shut down, shutdown, shuts down, switch off, power off, powered off'],
  ['restart', 'reiniciar, reinicia, reiniciou, reiniciando, reinício, reinicializar, reboot', 'reiniciar, reinicia, reinició, reiniciando, reinicio', 'restart, restarts, restarting, restarted, reboot, rebooting, rebooted'],
  ['electricity', 'energia, luz, eletricidade, elétrica, queda de energia, apagão, falta de luz, sem luz', 'energía, luz, electricidad, eléctrica, corriente, apagón, corte de luz, sin luz', 'power, electricity, electric, power outage, power cut, blackout'],
  ['blink', 'pisca, piscando, piscar, piscou, pisca-pisca, tremendo, tremeliques', 'parpadea, parpadeando, parpadeo, titila, titilando', 'blinking, blinks, flashing, flickering, flicker, flickers'],
  ['noise', 'barulho, barulhos, ruído, ruídos, chiado, zumbido, estalo, estalando, barulhento, barulhenta', 'ruido, ruidos, zumbido, chirrido, ruidoso, ruidosa', 'noise, noises, noisy, buzzing, humming, clicking, beeping, beeps'],
  ['overheat', 'esquentando, esquenta, esquentou, quente, superaquecendo, superaquecimento, aquecendo, aquece, fervendo', 'caliente, calienta, calentando, sobrecalentamiento, sobrecalienta, recalentando', 'hot, overheating, overheat, overheats, heating up'],
  ['fan', 'ventoinha, cooler, ventilador', 'ventilador, ventilador interno', 'fan, fans, cooler'],
  ['projector', 'projetor, projetores, datashow, data show, tv, televisão, hdmi', 'proyector, proyectores, televisor, tele, tv, hdmi', 'projector, projectors, tv, television, hdmi, beamer'],
  ['camera_image', 'foto, fotos, imagem, imagens, print, captura de tela, screenshot, printscreen', 'foto, fotos, imagen, imágenes, captura, captura de pantalla, pantallazo', 'photo, photos, picture, pictures, image, images, screenshot, screen capture'],
  ['spill', 'molhou, molhado, molhada, derramei, derramou, derramado, água, líquido, café', 'mojado, mojada, se mojó, derramé, derramó, agua, líquido, café', 'wet, spilled, spilt, spill, water, liquid, coffee'],
  ['cracked', 'trincado, trincada, trincou, rachado, rachada, rachou, estilhaçado, estilhaçada, partido, partida', 'rajado, rajada, agrietado, agrietada, estrellado, estrellada, trizado', 'cracked, crack, shattered, smashed'],
  ['dropped', 'derrubei, derrubou, caiu no chão, deixei cair, levou uma queda', 'se me cayó, se cayó al suelo, dejé caer', 'dropped, dropped it, fell on the floor'],
  ['stolen', 'roubado, roubada, roubaram, furtado, furtada, furtaram, assalto, assaltado, assaltada', 'robado, robada, robaron, hurtado, hurtada, asalto, asaltaron', 'stolen, stole, robbed, robbery, theft'],

  // Network
  ['internet', 'internet, rede, redes, conexão, conectividade, wifi, wi-fi, wireless, sem fio, online, navegação, banda larga, sinal', 'internet, red, redes, conexión, conectividad, wifi, wi-fi, inalámbrica, señal, en línea, banda ancha', 'internet, network, networks, connection, connectivity, wifi, wi-fi, wireless, online, signal, broadband'],
  ['offline', 'sem internet, sem rede, sem conexão, sem sinal, caiu, caindo, cai, queda, fora do ar, offline, desconectado, desconectada, desconecta, desconectou, oscilando, oscila, instável, intermitente', 'sin internet, sin red, sin conexión, sin señal, se cayó, caído, caída, se cae, desconectado, desconectada, se desconecta, intermitente, inestable, fuera de línea', 'offline, disconnected, disconnects, disconnecting, dropping, drops, dropped out, down, unstable, intermittent, no signal, no connection, no internet'],
  ['vpn', 'vpn, túnel, acesso remoto, conexão remota, remoto, remota, home office, trabalho remoto, teletrabalho', 'vpn, túnel, acceso remoto, conexión remota, remoto, remota, teletrabajo', 'vpn, tunnel, remote access, remote connection, remote, remotely, work from home, wfh'],
  ['router', 'roteador, roteadores, modem, modem, switch, ponto de rede, cabo de rede, antena, access point', 'router, enrutador, módem, modem, switch, punto de red, cable de red, antena', 'router, routers, modem, switch, access point, ethernet, network cable, network port'],
  ['ip_address', 'ip, endereço ip, dns, dhcp, proxy, gateway', 'ip, dirección ip, dns, dhcp, proxy', 'ip, ip address, dns, dhcp, proxy, gateway'],
  ['website', 'site, sites, sítio, página, páginas, portal, link, links, url, endereço do site', 'sitio, sitios, sitio web, página, páginas, portal, enlace, enlaces, link, url', 'website, websites, site, sites, page, pages, web page, portal, link, links, url'],
  ['browser', 'navegador, navegadores, browser, chrome, firefox, edge, safari', 'navegador, navegadores, chrome, firefox, edge, safari', 'browser, browsers, chrome, firefox, edge, safari'],
  ['server', 'servidor, servidores', 'servidor, servidores', 'server, servers'],

  // Software
  ['install', 'instalar, instala, instalei, instalação, instalado, instalada, baixar, baixa, baixei, baixando, download, colocar, coloca, colocou, botar, bota', 'instalar, instala, instalé, instalación, instalado, instalada, descargar, descarga, descargué, bajar, poner', 'install, installs, installing, installation, installed, download, downloading, downloaded, put on'],
  ['uninstall', 'desinstalar, desinstala, desinstalei, desinstalação, tirar, tira', 'desinstalar, desinstala, desinstalé, desinstalación, quitar', 'uninstall, uninstalled, uninstalling, remove'],
  ['update', 'atualizar, atualiza, atualizou, atualização, atualizações, actualizar, actualização, update, upgrade, versão, versões, nova versão, patch', 'actualizar, actualiza, actualizó, actualización, actualizaciones, versión, versiones, nueva versión, parche', 'update, updates, updating, updated, upgrade, upgrades, version, versions, new version, patch'],
  ['software', 'programa, programas, software, softwares, aplicativo, aplicativos, app, apps, aplicação, aplicações, ferramenta, ferramentas, sistema, sistemas', 'programa, programas, software, aplicación, aplicaciones, app, apps, herramienta, herramientas, sistema, sistemas', 'software, program, programs, programme, application, applications, app, apps, tool, tools, system, systems'],
  ['license', 'licença, licenças, licenciamento, chave de ativação, ativação, ativar, serial, assinatura', 'licencia, licencias, licenciamiento, activación, activar, clave de producto, suscripción, serial', 'license, licenses, licence, licences, activation, activate, product key, subscription, serial'],
  ['spreadsheet', 'excel, planilha, planilhas, folha de cálculo', 'excel, hoja de cálculo, planilla, planillas', 'excel, spreadsheet, spreadsheets'],
  ['document', 'word, documento, documentos, doc, texto', 'word, documento, documentos, doc, texto', 'word, document, documents, doc, docs'],
  ['file', 'arquivo, arquivos, ficheiro, ficheiros, documento, documentos', 'archivo, archivos, fichero, ficheros, documento, documentos', 'file, files, document, documents'],
  ['folder', 'pasta, pastas, diretório, diretórios', 'carpeta, carpetas, directorio, directorios', 'folder, folders, directory, directories'],
  ['shared_drive', 'pasta compartilhada, pasta partilhada, unidade de rede, drive, onedrive, sharepoint, google drive, nuvem, servidor de arquivos', 'carpeta compartida, unidad de red, drive, onedrive, sharepoint, google drive, nube, servidor de archivos', 'shared folder, shared drive, network drive, drive, onedrive, sharepoint, google drive, cloud, file server'],
  ['attachment', 'anexo, anexos, anexar, anexado, anexada, em anexo', 'adjunto, adjuntos, adjuntar, adjuntado', 'attachment, attachments, attach, attached'],
  ['share', 'compartilhar, compartilha, compartilhado, compartilhamento, partilhar, partilha, partilhado', 'compartir, comparte, compartido, compartida', 'share, shares, sharing, shared'],
  ['send', 'enviar, envia, enviei, envio, enviando, mandar, manda, mandei, mandando, encaminhar, encaminha, encaminhei', 'enviar, envía, envié, envío, enviando, mandar, mando, mandé, reenviar', 'send, sends, sending, sent, forward, forwarded'],
  ['receive', 'receber, recebo, recebi, recebendo, recebe, chega, chegam, chegando, chegou', 'recibir, recibo, recibí, recibiendo, llega, llegan, llegó, llegando', 'receive, receives, receiving, received, arrive, arrives, arriving'],
  ['email', 'e-mail, e-mails, email, emails, correio, correio eletrônico, correio eletrónico, outlook, caixa de entrada, caixa postal, webmail, gmail', 'correo, correos, correo electrónico, email, e-mail, outlook, bandeja de entrada, buzón, gmail', 'email, emails, e-mail, mail, outlook, inbox, mailbox, gmail, webmail'],
  ['spam', 'spam, phishing, golpe, golpes, fraude, suspeito, suspeita, estranho, estranha, falso, falsa, lixo eletrônico', 'spam, phishing, estafa, estafas, fraude, sospechoso, sospechosa, extraño, falso, falsa, correo basura', 'spam, phishing, scam, scams, fraud, suspicious, strange, fake, junk'],
  ['virus', 'vírus, malware, hackeado, hackeada, hackearam, invadido, invadida, invasão, infectado, infectada, ransomware, ataque, hacker, hackers', 'virus, malware, hackeado, hackeada, hackearon, infectado, infectada, ransomware, ataque, hacker, hackers', 'virus, viruses, malware, hacked, infected, ransomware, attack, hacker, hackers, breach, compromised'],
  ['antivirus', 'antivírus, antivirus, firewall, proteção, segurança', 'antivirus, cortafuegos, firewall, protección, seguridad', 'antivirus, anti-virus, firewall, protection, security'],
  ['meeting', 'reunião, reuniões, call, calls, videoconferência, videochamada, chamada de vídeo, conferência', 'reunión, reuniones, junta, juntas, videollamada, videoconferencia, llamada de video, conferencia', 'meeting, meetings, call, calls, video call, videoconference, conference'],
  ['meeting_app', 'teams, zoom, meet, skype, webex, slack', 'teams, zoom, meet, skype, webex, slack', 'teams, zoom, meet, skype, webex, slack'],
  ['calendar', 'agenda, agendas, calendário, calendários, convite, convites, compromisso, compromissos, evento, eventos', 'agenda, calendario, calendarios, invitación, invitaciones, cita, citas, evento, eventos', 'calendar, calendars, invitation, invite, invites, appointment, appointments, event, events'],
  ['book', 'reservar, reserva, reservei, agendar, agendamento, agendei, marcar, marcação, marquei', 'reservar, reserva, reservé, agendar, agendé, apartar', 'book, booking, reserve, reservation, schedule, scheduling'],
  ['chat', 'whatsapp, chat, mensagem, mensagens, mensageiro, telegram', 'whatsapp, chat, mensaje, mensajes, telegram', 'whatsapp, chat, message, messages, messenger, telegram'],
  ['sync', 'sincronizar, sincroniza, sincronizando, sincronizou, sincronização, sync', 'sincronizar, sincroniza, sincronizando, sincronización, sync', 'sync, syncing, synced, synchronise, synchronize, synchronization'],
  ['open', 'abrir, abre, abriu, abrindo, executar, executa, rodar, roda, rodando, carregar, carrega, carregando, iniciar, inicia', 'abrir, abre, abrió, abriendo, ejecutar, ejecuta, correr, corre, cargar, carga, cargando, iniciar, inicia', 'open, opens, opening, launch, launches, run, runs, running, load, loads, loading, start, starts'],
  ['crash', 'fecha sozinho, fecha sozinha, fechou sozinho, fechou sozinha, fechando sozinho, fecha do nada, crash, crasha, crashou, encerra sozinho', 'se cierra, se cierra solo, se cerró, se cerró sola, crash, crashea', 'crash, crashes, crashed, crashing, closes by itself, quits unexpectedly'],
  ['blue_screen', 'tela azul, tela preta, tela branca, ecrã azul, ecrã preto', 'pantalla azul, pantalla negra, pantalla blanca', 'blue screen, bsod, black screen, white screen'],
  ['freeze', 'travando, travou, travado, travada, trava, congelou, congelado, congelada, congelando, congela, não responde, parado, parada, pendurado, encravou', 'congelado, congelada, congela, se congeló, trabado, trabada, se traba, colgado, colgada, se cuelga, no responde', 'frozen, freezes, freezing, froze, freeze, hangs, hanging, hung, unresponsive, not responding'],
  ['slow', 'lento, lenta, lentos, lentas, lentidão, devagar, devagarinho, se arrastando, arrastando, demorando, demora, demorado, demorada, demorou, carroça, lerdo, lerda, lerdeza, pesado, pesada, moroso, morosa', 'lento, lenta, lentos, lentitud, despacio, tarda, tardando, tardó, demora, demorando, pesado, pesada', 'slow, slowly, slowness, sluggish, laggy, lag, lagging, takes forever, taking forever, delay, delayed'],
  ['fast', 'rápido, rápida, rapidez, velocidade, veloz, ligeiro', 'rápido, rápida, rapidez, velocidad, veloz', 'fast, quick, quickly, speed, faster'],
  ['broken', 'quebrado, quebrada, quebrou, quebra, estragado, estragada, estragou, pifou, pifado, pifada, não funciona, não está funcionando, não tá funcionando, parou, parou de funcionar, com defeito, defeito, defeituoso, defeituosa, danificado, danificada, avariado, avariada, avaria, queimado, queimada, queimou, morreu, deu pau, bugado, bugada, bugou, zoado, zoada', 'roto, rota, se rompió, rompió, estropeado, estropeada, averiado, averiada, avería, dañado, dañada, no funciona, dejó de funcionar, defectuoso, defectuosa, descompuesto, descompuesta, quemado, quemada, se murió', 'broken, broke, breaks, damaged, faulty, defective, not working, doesnt work, does not work, stopped working, died, fried, busted, out of order'],
  ['error', 'erro, erros, falha, falhas, falhou, falhando, bug, bugs, pane, código de erro', 'error, errores, fallo, fallos, falla, fallas, falló, bug, código de error', 'error, errors, failure, failed, fails, failing, fault, bug, bugs, glitch, error code'],
  ['problem', 'problema, problemas, dificuldade, dificuldades, pepino, encrenca, defeito', 'problema, problemas, dificultad, dificultades, inconveniente, inconvenientes, lío', 'problem, problems, issue, issues, trouble, difficulty, difficulties'],
  ['cannot', 'não consigo, não consegue, não conseguimos, não conseguem, não dá, impossível, sem conseguir', 'no puedo, no consigo, no puede, no se puede, no logro, imposible', 'cant, cannot, can not, unable, couldnt, could not, impossible'],
  ['missing', 'sumiu, sumiram, sumindo, sumido, sumida, desapareceu, desapareceram, desaparecido, não aparece, não aparecem, cadê, perdi, perdido, perdida', 'desapareció, desaparecieron, desaparecido, no aparece, no aparecen, perdí, perdido, perdida', 'missing, disappeared, vanished, gone, lost, cant find, not showing'],
  ['wrong', 'errado, errada, errados, incorreto, incorreta, equivocado, equivocada', 'incorrecto, incorrecta, equivocado, equivocada, erróneo, mal', 'wrong, incorrect, mistaken'],
  ['print_quality', 'manchado, manchada, borrado, borrada, riscado, riscada, clarinho, fraquinho, sai apagado', 'manchado, manchada, borroso, borrosa, tenue, rayado', 'smudged, blurry, blurred, faded, streaks, streaky, smeared'],
  ['notification', 'notificação, notificações, alerta, alertas, aviso, avisos, pop-up, popup, janela', 'notificación, notificaciones, alerta, alertas, aviso, avisos, ventana emergente, popup', 'notification, notifications, alert, alerts, warning, warnings, popup, pop-up'],
  ['search', 'procurar, procuro, encontrar, achar, localizar, buscar, busca, pesquisar, pesquisa', 'buscar, busco, busca, encontrar, encuentro, hallar, localizar', 'find, search, searching, look for, locate'],
  ['save', 'salvar, salva, salvou, salvei, gravar, grava, gravou, guardar, guarda', 'guardar, guarda, guardé, salvar, grabar, graba', 'save, saves, saving, saved, store'],
  ['edit', 'editar, edita, edição, editando', 'editar, edita, edición, editando', 'edit, edits, editing, edited'],
  ['read_only', 'somente leitura, só leitura, apenas leitura', 'solo lectura, sólo lectura', 'read only, read-only'],
  ['mailing_list', 'lista de distribuição, grupo de e-mail, caixa compartilhada, caixa partilhada, grupo', 'lista de distribución, buzón compartido, grupo', 'distribution list, mailing list, shared mailbox, group'],
  ['out_of_office', 'resposta automática, mensagem de ausência, fora do escritório, ausência', 'respuesta automática, fuera de la oficina, ausencia', 'out of office, auto reply, autoreply, automatic reply, away message'],
  ['certificate', 'certificado, certificados, certificado digital, assinatura digital, e-cnpj, e-cpf', 'certificado, certificados, certificado digital, firma digital, firma electrónica', 'certificate, certificates, digital certificate, digital signature, e-signature'],
  ['internal_system', 'sap, erp, crm, totvs, protheus, intranet, sistema interno', 'sap, erp, crm, intranet, sistema interno', 'sap, erp, crm, intranet, internal system'],
  ['social_media', 'redes sociais, facebook, instagram, youtube, tiktok, twitter, linkedin', 'redes sociales, facebook, instagram, youtube, tiktok, twitter, linkedin', 'social media, facebook, instagram, youtube, tiktok, twitter, linkedin'],
  ['video', 'vídeo, vídeos, filme, filmes, streaming', 'vídeo, video, vídeos, película, películas, streaming', 'video, videos, movie, movies, streaming'],
  ['language', 'idioma, idiomas, língua, português, inglês, espanhol, tradução, traduzir', 'idioma, idiomas, lengua, español, inglés, portugués, traducción, traducir', 'language, languages, english, portuguese, spanish, translate, translation'],
  ['characters', 'acento, acentos, acentuação, cedilha, caractere, caracteres, til', 'acento, acentos, tilde, eñe, carácter, caracteres', 'accent, accents, character, characters, layout'],
  ['clock', 'relógio, hora errada, data errada, fuso, fuso horário', 'reloj, hora incorrecta, fecha incorrecta, zona horaria, huso horario', 'clock, wrong time, wrong date, time zone, timezone'],
  ['sim_card', 'chip, cartão sim, dados móveis, plano de dados, 4g, 5g', 'chip, sim, tarjeta sim, datos móviles, plan de datos, 4g, 5g', 'sim, sim card, mobile data, data plan, carrier, 4g, 5g'],
  ['configure', 'configurar, configura, configuração, configurações, ajustar, ajuste, ajustes, definições, parametrizar', 'configurar, configura, configuración, ajustar, ajuste, ajustes', 'configure, configuration, settings, setting, set up, setup, adjust'],
  ['connect', 'conectar, conecta, conectei, conectado, conectada, plugar, emparelhar, bluetooth', 'conectar, conecta, conecté, conectado, conectada, emparejar, vincular, bluetooth', 'connect, connects, connected, connecting, pair, pairing, paired, bluetooth, plug in'],

  // Service desk
  ['help', 'ajuda, ajudar, ajude, ajudem, socorro, auxílio, assistência, apoio, help', 'ayuda, ayudar, ayuden, socorro, auxilio, asistencia, apoyo', 'help, helping, assist, assistance, aid'],
  ['support_team', 'suporte, suporte técnico, informática, técnico, técnica, técnicos, helpdesk, help desk, service desk, central de serviços, equipe de ti, área de ti, suporte de ti, departamento de ti', 'soporte, soporte técnico, informática, técnico, técnica, técnicos, mesa de ayuda, helpdesk, help desk, service desk, equipo de ti', 'support, tech support, it support, helpdesk, help desk, service desk, technician, technicians, it team, it department'],
  ['ticket', 'chamado, chamados, ticket, tickets, tíquete, solicitação, solicitações, protocolo, ocorrência, ocorrências, requisição, incidente, incidentes', 'ticket, tickets, incidencia, incidencias, solicitud, solicitudes, petición, reporte, incidente', 'ticket, tickets, request, requests, case, cases, incident, incidents'],
  ['status', 'status, andamento, situação, acompanhar, acompanhamento, previsão, em que pé', 'estado, estatus, seguimiento, situación, avance', 'status, progress, follow up, follow-up, track, tracking'],
  ['report', 'relatar, reportar, informar, comunicar, notificar, avisar, registrar um problema', 'reportar, informar, comunicar, notificar, avisar', 'report, reporting, notify, inform, let you know, raise'],
  ['cancel', 'cancelar, cancela, cancelei, cancelamento, desistir, desisti, anular', 'cancelar, cancela, cancelé, cancelación, anular, dar de baja', 'cancel, cancels, cancelled, canceled, cancellation, call off, withdraw, revoke'],
  ['urgent', 'urgente, urgência, urgentemente, prioridade, emergência, crítico, crítica', 'urgente, urgencia, urgentemente, prioridad, emergencia, crítico, crítica', 'urgent, urgently, urgency, priority, emergency, critical, asap'],
  ['wait', 'esperar, espera, esperando, esperei, aguardar, aguardando, aguardei', 'esperar, espera, esperando, esperé, aguardar', 'wait, waiting, waited, hold on'],
  ['human_agent', 'atendente, atendentes, humano, humana, pessoa, operador, operadora, analista, alguém, agente, atendimento humano', 'agente, operador, operadora, humano, humana, persona, alguien, asesor, asesora', 'agent, human, person, operator, representative, someone, somebody'],
  ['contact', 'contato, contatos, contacto, contactos, contatar, contactar, falar com, entrar em contato', 'contacto, contactos, contactar, hablar con, comunicarme, ponerme en contacto', 'contact, contacts, reach, talk to, speak to, get in touch'],
  ['call', 'ligar, ligação, ligações, chamada, chamadas, telefonar, telefonema, ligo', 'llamar, llamada, llamadas, marcar, telefonear', 'call, calls, calling, phone call, dial, ring'],
  ['hours', 'horário, horários, expediente, horário de atendimento, plantão, aberto, aberta', 'horario, horarios, horario de atención, abierto, abierta, jornada', 'hours, opening hours, business hours, open, schedule, opening times'],
  ['deadline', 'prazo, prazos, data limite, vencimento, previsão, até quando', 'plazo, plazos, fecha límite, vencimiento, hasta cuándo', 'deadline, deadlines, due date, due, eta, how long'],
  ['place', 'endereço, localização, local, onde fica, prédio, unidade, filial, sede, escritório', 'dirección, ubicación, lugar, dónde queda, edificio, sede, oficina, sucursal', 'address, location, place, where is, building, office, branch, headquarters'],
  ['room', 'sala, salas, sala de reunião, sala de reuniões, auditório', 'sala, salas, sala de reuniones, auditorio', 'room, rooms, meeting room, conference room, auditorium'],
  ['buy', 'comprar, compra, compras, adquirir, aquisição, orçamento', 'comprar, compra, compras, adquirir, adquisición, presupuesto', 'buy, buying, purchase, purchasing, acquire, procurement'],
  ['request', 'solicitar, solicito, solicitação, pedir, peço, pedido, pedidos, requisitar, requisição', 'solicitar, solicito, solicitud, pedir, pido, pedido, pedidos, requerir', 'request, requests, ask for, order, requisition'],
  ['need', 'preciso, precisa, precisamos, precisando, necessito, necessita, necessidade, falta', 'necesito, necesita, necesitamos, necesidad, falta, hace falta', 'need, needs, needed, require, requires, required'],
  ['replace', 'substituir, substitui, substituição, substituto, reposição, repor, trocar, troca', 'reemplazar, reemplazo, sustituir, sustitución, reposición, reponer, cambiar', 'replace, replacement, substitute, swap'],
  ['borrow', 'emprestar, empresta, empréstimo, emprestado, emprestada', 'prestar, presta, préstamo, prestado, prestada', 'borrow, borrowed, loan, lend'],
  ['return', 'devolver, devolvo, devolução, entregar, entrego, entrega', 'devolver, devuelvo, devolución, entregar, entrego, entrega', 'return, returning, give back, hand in, deliver, delivery'],
  ['fix', 'resolver, resolve, resolvido, resolvida, resolução, solucionar, solução, corrigir, correção, consertar, conserto, concertar, arrumar, ajeitar, reparar, reparo, manutenção, dar um jeito', 'arreglar, arreglo, reparar, reparación, solucionar, solución, resolver, resuelto, corregir, corrección, componer, mantenimiento', 'fix, fixed, fixing, repair, repaired, solve, solved, resolve, resolved, solution, correct, sort out, mend, maintenance'],
  ['instructions', 'tutorial, passo a passo, instrução, instruções, manual, guia, orientação, orientações, procedimento, como faço', 'tutorial, paso a paso, instrucción, instrucciones, manual, guía, orientación, procedimiento, cómo hago', 'tutorial, step by step, instruction, instructions, manual, guide, how to, procedure'],
  ['information', 'informação, informações, dúvida, dúvidas, pergunta, perguntas, saber', 'información, informaciones, duda, dudas, pregunta, preguntas, saber', 'information, info, question, questions, doubt'],
  ['always', 'sempre, toda hora, o tempo todo, frequentemente, constantemente, várias vezes, toda vez', 'siempre, todo el tiempo, constantemente, a cada rato, cada vez, frecuentemente', 'always, all the time, constantly, frequently, every time, keeps'],
  ['suddenly', 'do nada, de repente, sozinho, sozinha, aleatoriamente, sem motivo', 'de repente, de la nada, sin motivo, aleatoriamente', 'suddenly, randomly, out of nowhere, by itself, on its own'],
  ['again', 'de novo, novamente, outra vez, mais uma vez, voltou', 'de nuevo, otra vez, nuevamente, volvió', 'again, once more, once again'],
  ['bad', 'ruim, péssimo, péssima, horrível, terrível, porcaria, bosta, lixo, droga', 'malo, mala, pésimo, pésima, horrible, terrible, porquería, basura', 'bad, terrible, awful, horrible, crap, rubbish, sucks'],
  ['start', 'começar, começo, começou, início, iniciar', 'empezar, empiezo, comenzar, comienzo, inicio, iniciar', 'begin, beginning, start, starting'],
  ['finish', 'terminar, terminou, término, fim, acabar, acabou, encerrar, encerrou, finalizar, finalizou', 'terminar, terminó, fin, acabar, acabó, finalizar, finalizó', 'end, ended, finish, finished'],

  // People and the workplace
  ['employee', 'colaborador, colaboradora, colaboradores, empregado, empregada, pessoal', 'empleado, empleada, empleados, colaborador, colaboradora, trabajador, trabajadora, personal', 'employee, employees, staff, worker, workers, colleague, coworker'],
  ['new_hire', 'novo funcionário, nova funcionária, novo colaborador, nova colaboradora, admissão, contratação, integração, onboarding, recém-contratado, estagiário, estagiária', 'nuevo empleado, nueva empleada, nuevo colaborador, incorporación, contratación, onboarding, becario, becaria', 'new hire, new employee, new starter, onboarding, intern, joiner'],
  ['leaver', 'demissão, demitido, demitida, rescisão, offboarding', 'despido, despedido, despedida, renuncia, offboarding', 'offboarding, leaver, resignation, termination, fired'],
  ['manager', 'chefe, chefia, gerente, gestor, gestora, coordenador, coordenadora, supervisor, supervisora, superior, diretor, diretora, líder', 'jefe, jefa, gerente, supervisor, supervisora, coordinador, coordinadora, director, directora, encargado, encargada', 'boss, manager, supervisor, director'],
  ['approve', 'aprovar, aprova, aprovação, aprovado, aprovada, validar, validação, homologar', 'aprobar, aprueba, aprobación, aprobado, aprobada, validar, validación', 'approve, approves, approval, approved, sign off, validate'],
  ['hr', 'rh, recursos humanos, departamento pessoal, dp', 'rrhh, recursos humanos, departamento de personal', 'hr, human resources, people team'],
  ['finance', 'financeiro, contabilidade, fiscal, tesouraria', 'finanzas, contabilidad, tesorería', 'finance, accounts payable, treasury'],
  ['salary', 'salário, salários, pagamento, holerite, contracheque, folha de pagamento, recibo de vencimento, remuneração', 'salario, salarios, sueldo, sueldos, nómina, recibo de sueldo, remuneración', 'salary, pay, payslip, payslips, paycheck, payroll, wage, wages'],
  ['vacation', 'férias, folga, folgas, licença', 'vacaciones, feriado, descanso, permiso, licencia', 'vacation, vacations, holiday, holidays, leave, time off, day off'],
  ['timesheet', 'ponto, bater ponto, registro de ponto, folha de ponto, banco de horas, horas extras, hora extra', 'fichaje, fichar, marcar entrada, registro de horas, horas extra', 'timesheet, timesheets, clock in, clock out, punch in, overtime, time tracking'],
  ['reimbursement', 'reembolso, reembolsar, ressarcimento, despesa, despesas, nota fiscal', 'reembolso, reembolsar, gasto, gastos, factura', 'reimbursement, reimburse, expense, expenses, receipt, invoice'],
  ['benefits', 'benefício, benefícios, plano de saúde, vale transporte, vale alimentação, vale refeição, convênio', 'beneficio, beneficios, seguro médico, prestaciones', 'benefit, benefits, health insurance, health plan, perks'],
  ['sick', 'doente, atestado, atestado médico, licença médica, afastamento, consulta médica', 'enfermo, enferma, baja médica, certificado médico, incapacidad', 'sick, ill, sick leave, doctors note, medical certificate'],
  ['training', 'curso, cursos, treinamento, treinamentos, capacitação, formação, aula, aulas', 'curso, cursos, capacitación, formación, entrenamiento, clase, clases', 'course, courses, training, class, classes, lesson, workshop'],
  ['form', 'formulário, formulários, ficha, requerimento, declaração, comprovante', 'formulario, formularios, declaración, comprobante', 'form, forms, declaration, proof, statement'],
  ['travel', 'viagem, viagens, passagem, passagens, hotel, voo, voos, hospedagem', 'viaje, viajes, pasaje, pasajes, billete, hotel, vuelo, vuelos, alojamiento', 'travel, trip, trips, flight, flights, hotel, accommodation'],
  ['badge', 'crachá, crachás, cartão de acesso, catraca, catracas', 'credencial, gafete, tarjeta de acceso, torniquete', 'badge, badges, access card, id card, keycard, turnstile'],
  ['parking', 'estacionamento, vaga, vagas, garagem', 'estacionamiento, aparcamiento, parking, cochera', 'parking, parking spot, parking space, garage, car park'],
  ['food', 'almoço, refeitório, cantina, comida, lanche, refeição', 'almuerzo, comedor, cafetería, comida, merienda', 'lunch, cafeteria, food, meal, snack'],
  ['air_conditioning', 'ar condicionado, ar-condicionado, climatização', 'aire acondicionado, climatización, calefacción, calefactor', 'air conditioning, air conditioner, ac, heating, heater, hvac'],
  ['price', 'preço, preços, valor, valores, custo, custos, custa, quanto custa, caro, barato, barata', 'precio, precios, valor, costo, coste, cuesta, cuánto cuesta, caro, cara, barato, barata', 'price, prices, cost, costs, how much, expensive, cheap'],
];

/** A lexicon read for one language: each entry as a sequence of stems, by its first stem. */
export interface ConceptLexicon {
  /** First stem → entries starting with it (their stems and concepts), longest first. */
  byFirstStem: ReadonlyMap<string, readonly { stems: readonly string[]; concepts: readonly string[] }[]>;
}

function build(language: NluLanguage, columns: readonly (1 | 2 | 3)[]): ConceptLexicon {
  const entries = new Map<string, { stems: string[]; concepts: Set<string> }>();
  for (const group of GROUPS) {
    const concept = group[0];
    for (const column of columns) {
      for (const written of group[column].split(',')) {
        const stems = tokenise(written, language).map((token) => token.stem);
        if (stems.length === 0) continue;
        const key = stems.join(' ');
        const entry = entries.get(key) ?? { stems, concepts: new Set<string>() };
        entry.concepts.add(concept);
        entries.set(key, entry);
      }
    }
  }
  const byFirstStem = new Map<string, { stems: readonly string[]; concepts: readonly string[] }[]>();
  for (const { stems, concepts } of entries.values()) {
    const first = stems[0] as string;
    const list = byFirstStem.get(first) ?? [];
    list.push({ stems, concepts: [...concepts].sort() });
    byFirstStem.set(first, list);
  }
  for (const list of byFirstStem.values()) list.sort((a, b) => b.stems.length - a.stems.length);
  return { byFirstStem };
}

// Every language also reads the English column: a help desk's English words are everyone's.
const LEXICONS = new Map<NluLanguage, ConceptLexicon>();

export function conceptLexicon(language: NluLanguage): ConceptLexicon {
  let lexicon = LEXICONS.get(language);
  if (!lexicon) {
    const columns: readonly (1 | 2 | 3)[] = language === 'pt' ? [1, 3] : language === 'es' ? [2, 3] : [3];
    lexicon = build(language, columns);
    LEXICONS.set(language, lexicon);
  }
  return lexicon;
}

/** A concept found in a message, over tokens `first`..`last`. */
export interface FoundConcept {
  concept: string;
  first: number;
  last: number;
}

/**
 * The concepts of a message's tokens: at each position the longest entry that matches (by
 * stems); a function word alone ("para", whose stem is also "parou"'s) never yields a concept.
 */
export function findConcepts(tokens: readonly Token[], language: NluLanguage): FoundConcept[] {
  const { byFirstStem } = conceptLexicon(language);
  const functionWords = FUNCTION_WORDS[language];
  const found: FoundConcept[] = [];
  let i = 0;
  while (i < tokens.length) {
    const candidates = byFirstStem.get((tokens[i] as Token).stem);
    let matched = 0;
    for (const { stems, concepts } of candidates ?? []) {
      if (i + stems.length > tokens.length) continue;
      if (stems.length === 1 && functionWords.has((tokens[i] as Token).text)) continue;
      if (!stems.every((stem, k) => (tokens[i + k] as Token).stem === stem)) continue;
      for (const concept of concepts) found.push({ concept, first: i, last: i + stems.length - 1 });
      matched = stems.length;
      break;
    }
    i += Math.max(1, matched);
  }
  return found;
}
